// SPDX-License-Identifier: MIT
#include "core/array_statistics.h"

#include "core/cell_memory_lock.h"
#include "core/element_codec.h"
#include "core/errors.h"
#include "core/strided_view.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <thread>

namespace arraylens {

namespace {

// A work unit reads about this many cells: long enough that handing it out
// costs nothing, short enough (~30 µs of float64) that a cancel or a
// progress report never waits long.
constexpr std::int64_t kUnitCells = 64 * 1024;
// A lazy source is read in bands of its block height, up to this many cells.
constexpr std::int64_t kMaxBandCells = 1'000'000;
// How often the calling thread reports progress.
constexpr auto kProgressInterval = std::chrono::milliseconds(30);

// A rectangle of cells of one element type, read as runs along one axis.
struct Plan {
    const ElementCodec* codec = nullptr;
    std::int64_t firstRow = 0, firstColumn = 0; // in the tile's view
    std::int64_t outerCount = 0, innerCount = 0;
    bool innerAlongColumns = false; // a run is (part of) a row, else of a column
    std::int64_t innerStride = 0, innerMaskStride = 0;

    [[nodiscard]] std::pair<std::int64_t, std::int64_t> cell(std::int64_t outer, std::int64_t inner) const
    {
        return innerAlongColumns ? std::pair{firstRow + outer, firstColumn + inner}
                                 : std::pair{firstRow + inner, firstColumn + outer};
    }
};

// Runs [firstOuter, firstOuter + outerCount) × inner [firstInner, firstInner + innerCount) of one plan.
struct Unit {
    std::size_t plan = 0;
    std::int64_t firstOuter = 0, outerCount = 0, firstInner = 0, innerCount = 0;
};

Plan makePlan(const StridedView& view, const ElementCodec* codec, std::int64_t firstRow, std::int64_t rows,
              std::int64_t firstColumn, std::int64_t columns)
{
    Plan plan;
    plan.codec = codec;
    plan.firstRow = firstRow;
    plan.firstColumn = firstColumn;
    if (view.isIndirect()) {
        // Suboffsets: no stride leads from one cell to the next, so every
        // run is one cell (pointer() walks the exporter's pointers).
        plan.innerAlongColumns = true;
        plan.outerCount = rows;
        plan.innerCount = columns;
        return plan;
    }
    const auto distance = [](const std::byte* a, const std::byte* b) { return static_cast<std::int64_t>(b - a); };
    const std::byte* origin = view.pointer(firstRow, firstColumn);
    const std::int64_t rowStride = rows > 1 ? distance(origin, view.pointer(firstRow + 1, firstColumn)) : 0;
    const std::int64_t columnStride = columns > 1 ? distance(origin, view.pointer(firstRow, firstColumn + 1)) : 0;
    // Runs go along the axis nearer in memory (a row of a C-ordered array),
    // unless it is short and the other axis long: a (10^8, 2) array is read
    // as two strided runs of 10^8, not 10^8 runs of two.
    const bool columnsNearer = std::llabs(columnStride) <= std::llabs(rowStride);
    plan.innerAlongColumns = rows == 1 || (columns > 1 && (columnsNearer ? (columns >= 64 || columns >= rows)
                                                                         : (rows < 64 && columns > rows)));
    plan.innerCount = plan.innerAlongColumns ? columns : rows;
    plan.outerCount = plan.innerAlongColumns ? rows : columns;
    plan.innerStride = plan.innerAlongColumns ? columnStride : rowStride;
    if (view.hasMask() && plan.innerCount > 1) {
        const std::byte* maskOrigin = view.maskPointer(firstRow, firstColumn);
        plan.innerMaskStride = plan.innerAlongColumns ? distance(maskOrigin, view.maskPointer(firstRow, firstColumn + 1))
                                                      : distance(maskOrigin, view.maskPointer(firstRow + 1, firstColumn));
    }
    return plan;
}

void runUnit(const StridedView& view, const Plan& plan, const Unit& unit, StatisticsAccumulator& statistics)
{
    const bool indirect = view.isIndirect();
    for (std::int64_t outer = unit.firstOuter; outer < unit.firstOuter + unit.outerCount; ++outer) {
        if (indirect) {
            for (std::int64_t inner = unit.firstInner; inner < unit.firstInner + unit.innerCount; ++inner) {
                const auto [r, c] = plan.cell(outer, inner);
                StatisticsRun run{view.pointer(r, c), 1, 0, view.hasMask() ? view.maskPointer(r, c) : nullptr, 0};
                plan.codec->accumulateStatistics(run, statistics);
            }
            continue;
        }
        const auto [r, c] = plan.cell(outer, unit.firstInner);
        StatisticsRun run{view.pointer(r, c), unit.innerCount, plan.innerStride,
                          view.hasMask() ? view.maskPointer(r, c) : nullptr, plan.innerMaskStride};
        // The statistics do not depend on the order: a reversed run is read
        // forwards, at the speed of a packed one.
        if (run.stride < 0) {
            run.data += (run.count - 1) * run.stride;
            run.stride = -run.stride;
            if (run.mask) {
                run.mask += (run.count - 1) * run.maskStride;
                run.maskStride = -run.maskStride;
            }
        }
        plan.codec->accumulateStatistics(run, statistics);
    }
}

std::vector<Unit> makeUnits(const std::vector<Plan>& plans)
{
    std::vector<Unit> units;
    for (std::size_t p = 0; p < plans.size(); ++p) {
        const Plan& plan = plans[p];
        if (plan.innerCount <= kUnitCells) {
            const std::int64_t outerPerUnit = std::max<std::int64_t>(1, kUnitCells / std::max<std::int64_t>(1, plan.innerCount));
            for (std::int64_t outer = 0; outer < plan.outerCount; outer += outerPerUnit)
                units.push_back({p, outer, std::min(outerPerUnit, plan.outerCount - outer), 0, plan.innerCount});
        } else {
            for (std::int64_t outer = 0; outer < plan.outerCount; ++outer)
                for (std::int64_t inner = 0; inner < plan.innerCount; inner += kUnitCells)
                    units.push_back({p, outer, 1, inner, std::min(kUnitCells, plan.innerCount - inner)});
        }
    }
    return units;
}

// Merges the units' results pairwise, in unit order: the same answer
// whichever thread ran which unit, and rounding that grows with the log of
// the unit count rather than with the count.
StatisticsAccumulator mergePairwise(std::vector<StatisticsAccumulator>& parts)
{
    if (parts.empty())
        return {};
    for (std::size_t width = 1; width < parts.size(); width *= 2)
        for (std::size_t i = 0; i + width < parts.size(); i += 2 * width)
            parts[i].merge(parts[i + width]);
    return parts.front();
}

// Reads the plans of one tile on worker threads; false when cancelled.
class TileReader {
public:
    TileReader(const ArrayStatistics::Options& options, std::int64_t total, std::int64_t& done)
        : options_(options), total_(total), done_(done)
    {
    }

    bool read(const StridedView& view, const std::vector<Plan>& plans, StatisticsAccumulator& result)
    {
        const std::vector<Unit> units = makeUnits(plans);
        std::vector<StatisticsAccumulator> parts(units.size());
        std::atomic<std::size_t> next = 0;
        std::atomic<std::int64_t> cellsRead = 0;
        std::atomic<bool> stop = false;
        const auto work = [&] {
            for (std::size_t u = next++; u < units.size() && !stop && !externallyCancelled(); u = next++) {
                const Unit& unit = units[u];
                {
                    const auto lock = cell_memory::lockForReading(); // an edit on the GUI thread waits for this unit
                    runUnit(view, plans[unit.plan], unit, parts[u]);
                }
                cellsRead += unit.outerCount * unit.innerCount;
            }
        };
        const unsigned hardware = options_.threads ? options_.threads : std::max(1u, std::thread::hardware_concurrency());
        const auto workerCount = static_cast<unsigned>(std::min<std::size_t>(hardware, units.size()));
        if (workerCount <= 1 && !options_.progress) {
            work();
        } else {
            std::mutex mutex;
            std::condition_variable finished;
            unsigned running = workerCount;
            std::vector<std::jthread> workers;
            for (unsigned i = 0; i < workerCount; ++i)
                workers.emplace_back([&] {
                    work();
                    std::lock_guard lock(mutex);
                    if (--running == 0)
                        finished.notify_all();
                });
            std::unique_lock lock(mutex);
            while (!finished.wait_for(lock, kProgressInterval, [&] { return running == 0; })) {
                if (options_.progress && !options_.progress(done_ + cellsRead, total_))
                    stop = true;
            }
        }
        done_ += cellsRead;
        if (stop || externallyCancelled() || next < units.size())
            return false;
        result.merge(mergePairwise(parts));
        return true;
    }

private:
    [[nodiscard]] bool externallyCancelled() const { return options_.cancelled && options_.cancelled->load(); }

    const ArrayStatistics::Options& options_;
    std::int64_t total_;
    std::int64_t& done_;
};

std::string jsonNumber(double value)
{
    if (std::isnan(value))
        return "\"nan\"";
    if (std::isinf(value))
        return value > 0 ? "\"inf\"" : "\"-inf\"";
    return StatisticsValue::ofFloat(value).text();
}

std::string jsonValue(const std::optional<StatisticsValue>& value)
{
    if (!value)
        return "null";
    return value->kind == StatisticsValue::Kind::Float ? jsonNumber(value->floatValue) : value->text();
}

std::string jsonValue(const std::optional<double>& value)
{
    return value ? jsonNumber(*value) : "null";
}

std::string jsonString(const std::string& text)
{
    std::string out = "\"";
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", byte);
            out += escaped;
        } else {
            out += c;
        }
    }
    return out + "\"";
}

} // namespace

std::string Statistics::json() const
{
    std::string text = "{\"count\": " + std::to_string(count) + ", \"nan\": " + std::to_string(nanCount) +
                       ", \"min\": " + jsonValue(min) + ", \"max\": " + jsonValue(max) + ", \"mean\": " +
                       jsonValue(mean) + ", \"std\": " + jsonValue(standardDeviation);
    if (ofMagnitude)
        text += ", \"of\": \"magnitude\"";
    if (!skippedColumns.empty()) {
        text += ", \"skipped\": [";
        for (std::size_t i = 0; i < skippedColumns.size(); ++i)
            text += (i ? ", " : "") + jsonString(skippedColumns[i]);
        text += "]";
    }
    return text + "}";
}

std::optional<Statistics> ArrayStatistics::compute(ArraySource& source, const CellRange& range, const Options& options)
{
    Statistics statistics;
    if (range.rowCount < 0 || range.columnCount < 0 || range.firstRow < 0 || range.firstColumn < 0 ||
        range.firstRow > source.rows() - range.rowCount || range.firstColumn > source.cols() - range.columnCount)
        throw SliceError("the range to summarise lies outside the " + std::to_string(source.rows()) + " x " +
                         std::to_string(source.cols()) + " view");
    if (range.rowCount == 0 || range.columnCount == 0)
        return statistics;

    // Which columns hold numbers. Columns repeat their types every period
    // (a record's fields); a view without fields has one type throughout.
    const std::int64_t period = std::max<std::int64_t>(1, source.geometry().columnPeriod());
    std::vector<bool> numeric(static_cast<std::size_t>(std::min(period, range.columnCount)));
    std::string unreadable;
    for (std::int64_t k = 0; k < static_cast<std::int64_t>(numeric.size()); ++k) {
        const ElementType& type = source.columnType(range.firstColumn + k);
        const StatisticsReading reading = type.codec ? type.codec->statisticsReading() : StatisticsReading::None;
        numeric[static_cast<std::size_t>(k)] = reading != StatisticsReading::None;
        statistics.ofMagnitude = statistics.ofMagnitude || reading == StatisticsReading::Magnitude;
        if (reading == StatisticsReading::None && unreadable.empty())
            unreadable = type.name;
    }
    std::int64_t numericColumns = 0;
    for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c) {
        if (numeric[static_cast<std::size_t>((c - range.firstColumn) % period)])
            ++numericColumns;
        else
            statistics.skippedColumns.push_back(source.columnHeader(c));
    }
    if (numericColumns == 0)
        throw StatisticsError("statistics need numbers; these cells are " + unreadable +
                              (period > 1 ? " and the other fields shown hold no numbers either" : ", not numbers"));
    const std::int64_t total = range.rowCount * numericColumns;
    std::int64_t done = 0;
    TileReader reader(options, total, done);
    StatisticsAccumulator accumulator;
    const auto readTile = [&](const Tile& tile, std::int64_t firstRow, std::int64_t rowCount) {
        const StridedView& view = tile.view();
        const std::int64_t localRow = firstRow - tile.originRow();
        const std::int64_t localColumn = range.firstColumn - tile.originColumn();
        std::vector<Plan> plans;
        if (period == 1) {
            plans.push_back(makePlan(view, view.columnType(localColumn).codec.get(), localRow, rowCount, localColumn,
                                     range.columnCount));
        } else {
            // Record fields: one plan per numeric column, read down its rows.
            for (std::int64_t c = 0; c < range.columnCount; ++c)
                if (numeric[static_cast<std::size_t>(c % period)])
                    plans.push_back(makePlan(view, view.columnType(localColumn + c).codec.get(), localRow, rowCount,
                                             localColumn + c, 1));
        }
        return reader.read(view, plans, accumulator);
    };

    if (!source.isLazy()) {
        if (!readTile(source.tile(range), range.firstRow, range.rowCount))
            return std::nullopt;
    } else {
        // Bands of whole blocks (chunks), so that each chunk is read once.
        const std::int64_t blockRows = std::max<std::int64_t>(1, source.preferredTileRows());
        std::int64_t bandRows = std::max<std::int64_t>(1, kMaxBandCells / range.columnCount);
        if (blockRows <= bandRows)
            bandRows -= bandRows % blockRows;
        for (std::int64_t first = range.firstRow; first < range.firstRow + range.rowCount; first += bandRows) {
            if (options.cancelled && options.cancelled->load())
                return std::nullopt;
            const std::int64_t rows = std::min(bandRows, range.firstRow + range.rowCount - first);
            if (!readTile(source.tile(CellRange{first, rows, range.firstColumn, range.columnCount}), first, rows))
                return std::nullopt;
        }
    }
    if (options.progress && !options.progress(total, total))
        return std::nullopt;

    statistics.count = accumulator.count();
    statistics.nanCount = accumulator.nanCount();
    statistics.min = accumulator.min();
    statistics.max = accumulator.max();
    statistics.mean = accumulator.mean();
    statistics.standardDeviation = accumulator.standardDeviation();
    return statistics;
}

} // namespace arraylens
