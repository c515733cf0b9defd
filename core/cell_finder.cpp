// SPDX-License-Identifier: MIT
#include "core/cell_finder.h"

#include "core/array_source.h"
#include "core/cell_matcher.h"
#include "core/cell_memory_lock.h"
#include "core/element_codec.h"
#include "core/errors.h"
#include "core/py_buffer.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>

namespace arraylens {

namespace {

struct Cell {
    std::int64_t row;
    std::int64_t column;
    auto operator<=>(const Cell&) const = default;
};

// Cells from `first` to `last` (both included) in array order, inside the
// columns [windowFirst, windowEnd): a piece of work.
struct Span {
    Cell first;
    Cell last;
    std::int64_t windowFirst;
    std::int64_t windowEnd;

    [[nodiscard]] bool empty() const { return last < first; }
    [[nodiscard]] std::int64_t cellCount() const
    {
        if (empty())
            return 0;
        const std::int64_t width = windowEnd - windowFirst;
        return (last.row - first.row) * width + (last.column - first.column) + 1;
    }
};

// How the view is cut: bands of whole rows, or (rows longer than a piece)
// pieces of one row each.
class Chunking {
public:
    Chunking(std::int64_t rows, std::int64_t cols, std::int64_t chunkCells, std::int64_t preferredRows)
        : rows_(rows), cols_(cols)
    {
        chunkCells = std::max<std::int64_t>(1, chunkCells);
        if (cols > chunkCells) {
            width_ = chunkCells;
            piecesPerRow_ = (cols + width_ - 1) / width_;
            count_ = rows * piecesPerRow_;
        } else {
            // Whole blocks of a lazy source: each is fetched once.
            const std::int64_t pref = std::max<std::int64_t>(1, preferredRows);
            bandRows_ = std::max<std::int64_t>(1, chunkCells / cols);
            bandRows_ = bandRows_ < pref ? pref : bandRows_ / pref * pref;
            width_ = cols;
            count_ = (rows + bandRows_ - 1) / bandRows_;
        }
    }
    [[nodiscard]] std::int64_t count() const { return count_; }
    [[nodiscard]] std::int64_t chunkOf(Cell cell) const
    {
        return piecesPerRow_ ? cell.row * piecesPerRow_ + cell.column / width_ : cell.row / bandRows_;
    }
    [[nodiscard]] Span span(std::int64_t chunk) const
    {
        if (piecesPerRow_) {
            const std::int64_t row = chunk / piecesPerRow_;
            const std::int64_t first = chunk % piecesPerRow_ * width_;
            const std::int64_t end = std::min(first + width_, cols_);
            return {{row, first}, {row, end - 1}, first, end};
        }
        const std::int64_t first = chunk * bandRows_;
        const std::int64_t end = std::min(first + bandRows_, rows_);
        return {{first, 0}, {end - 1, cols_ - 1}, 0, cols_};
    }

private:
    std::int64_t rows_;
    std::int64_t cols_;
    std::int64_t bandRows_ = 1;
    std::int64_t width_ = 1;
    std::int64_t piecesPerRow_ = 0;
    std::int64_t count_ = 0;
};

// The cell before (after) `cell` inside a span's window, in array order.
Cell before(Cell cell, std::int64_t windowFirst, std::int64_t windowEnd)
{
    return cell.column > windowFirst ? Cell{cell.row, cell.column - 1} : Cell{cell.row - 1, windowEnd - 1};
}
Cell after(Cell cell, std::int64_t windowFirst, std::int64_t windowEnd)
{
    return cell.column + 1 < windowEnd ? Cell{cell.row, cell.column + 1} : Cell{cell.row + 1, windowFirst};
}

// Scans one tile: the matchers of its column types, its strides, its mask.
class TileScan {
public:
    TileScan(const Tile& tile, const std::vector<bool>& readable, const FindCondition& condition)
        : tile_(tile), view_(tile.view()), period_(view_.columnPeriod())
    {
        const CellRange& range = tile.range();
        for (std::int64_t j = 0; j < period_; ++j) {
            const std::int64_t column = range.firstColumn + j;
            std::unique_ptr<const CellMatcher> matcher;
            if (column < range.firstColumn + range.columnCount && readable[static_cast<std::size_t>(column % period_)]) {
                try {
                    matcher = tile.columnType(column).codec->matcher(condition);
                } catch (const Error&) {
                    // This block's type cannot read it (a lazy object column): nothing here matches.
                }
            }
            matchers_.push_back(std::move(matcher));
        }
        affine_ = !view_.buffer() || !view_.buffer()->hasSuboffsets();
        const std::int64_t r0 = range.firstRow - tile.originRow();
        const std::int64_t c0 = range.firstColumn - tile.originColumn();
        if (range.rowCount > 1)
            rowStride_ = view_.pointer(r0 + 1, c0) - view_.pointer(r0, c0);
        if (range.columnCount > period_)
            columnStride_ = view_.pointer(r0, c0 + period_) - view_.pointer(r0, c0);
        masked_ = view_.hasMask();
    }

    /// The first (last) match of the span, whose cells the tile holds.
    [[nodiscard]] std::optional<Cell> scan(const Span& span, bool backward) const
    {
        const Cell f = span.first;
        const Cell l = span.last;
        const std::int64_t headEnd = f.row == l.row ? l.column : span.windowEnd - 1;
        const auto head = [&] { return scanRow(f.row, f.column, headEnd, backward); };
        const auto middle = [&]() -> std::optional<Cell> {
            if (l.row - f.row < 2)
                return std::nullopt;
            return scanRows(f.row + 1, l.row - 1, span.windowFirst, span.windowEnd, backward);
        };
        const auto tail = [&]() -> std::optional<Cell> {
            if (l.row == f.row)
                return std::nullopt;
            return scanRow(l.row, span.windowFirst, l.column, backward);
        };
        if (!backward) {
            if (auto found = head())
                return found;
            if (auto found = middle())
                return found;
            return tail();
        }
        if (auto found = tail())
            return found;
        if (auto found = middle())
            return found;
        return head();
    }

private:
    [[nodiscard]] const std::byte* at(std::int64_t r, std::int64_t c) const { return tile_.pointer(r, c); }

    // The first (last) unmasked match among count cells at p, p + stride, …;
    // cellAt(i) names the i-th.
    template <class CellAt>
    std::int64_t findUnmasked(const CellMatcher& matcher, const std::byte* p, std::int64_t stride, std::int64_t count,
                              bool backward, const CellAt& cellAt) const
    {
        if (!masked_)
            return matcher.find(p, stride, count, backward);
        if (!backward) {
            for (std::int64_t base = 0; base < count;) {
                const std::int64_t i = matcher.find(p + base * stride, stride, count - base, false);
                if (i < 0)
                    return -1;
                const Cell cell = cellAt(base + i);
                if (!tile_.isMasked(cell.row, cell.column))
                    return base + i;
                base += i + 1;
            }
            return -1;
        }
        for (std::int64_t end = count; end > 0;) {
            const std::int64_t i = matcher.find(p, stride, end, true);
            if (i < 0)
                return -1;
            const Cell cell = cellAt(i);
            if (!tile_.isMasked(cell.row, cell.column))
                return i;
            end = i;
        }
        return -1;
    }

    // Row r, columns first … last (included).
    [[nodiscard]] std::optional<Cell> scanRow(std::int64_t r, std::int64_t first, std::int64_t last, bool backward) const
    {
        std::optional<Cell> best;
        if (!affine_) {
            // Pointers to follow (PIL-style): no stride to run along.
            for (std::int64_t k = 0; k <= last - first; ++k) {
                const std::int64_t c = backward ? last - k : first + k;
                const CellMatcher* matcher = matchers_[static_cast<std::size_t>(c % period_)].get();
                if (matcher && findUnmasked(*matcher, at(r, c), 0, 1, false, [&](std::int64_t) { return Cell{r, c}; }) == 0)
                    return Cell{r, c};
            }
            return std::nullopt;
        }
        // One run per record field (one run in all for other arrays): the
        // row's first match is the first of theirs.
        for (std::int64_t j = 0; j < std::min(period_, last - first + 1); ++j) {
            const std::int64_t start = first + j;
            const CellMatcher* matcher = matchers_[static_cast<std::size_t>(start % period_)].get();
            if (!matcher)
                continue;
            const std::int64_t count = (last - start) / period_ + 1;
            const auto cellAt = [&](std::int64_t i) { return Cell{r, start + i * period_}; };
            const std::int64_t i = findUnmasked(*matcher, at(r, start), columnStride_, count, backward, cellAt);
            if (i >= 0) {
                const Cell cell = cellAt(i);
                if (!best || (backward ? *best < cell : cell < *best))
                    best = cell;
            }
        }
        return best;
    }

    // Whole rows first … last of the window [windowFirst, windowEnd).
    [[nodiscard]] std::optional<Cell> scanRows(std::int64_t first, std::int64_t last, std::int64_t windowFirst,
                                               std::int64_t windowEnd, bool backward) const
    {
        const std::int64_t width = windowEnd - windowFirst;
        const CellMatcher* matcher = matchers_.front().get();
        if (affine_ && period_ == 1 && matcher) {
            const std::int64_t rows = last - first + 1;
            // Rows that follow one another in memory (C order, a 1-D view)
            // are one run.
            if (width == 1 || rowStride_ == width * columnStride_) {
                const std::int64_t stride = width == 1 ? rowStride_ : columnStride_;
                const auto cellAt = [&](std::int64_t i) { return Cell{first + i / width, windowFirst + i % width}; };
                const std::int64_t i = findUnmasked(*matcher, at(first, windowFirst), stride, rows * width, backward, cellAt);
                return i < 0 ? std::nullopt : std::optional<Cell>(cellAt(i));
            }
            // A few columns (a Fortran-ordered array, a column slice): down
            // each column, no further than the best match so far.
            if (width <= kNarrowWidth) {
                std::optional<Cell> best;
                for (std::int64_t c = windowFirst; c < windowEnd; ++c) {
                    std::int64_t from = first;
                    std::int64_t to = last; // rows to look at, included
                    if (best && !backward)
                        to = c < best->column ? best->row : best->row - 1;
                    if (best && backward)
                        from = c > best->column ? best->row : best->row + 1;
                    if (to < from)
                        continue;
                    const auto cellAt = [&](std::int64_t i) { return Cell{from + i, c}; };
                    const std::int64_t i =
                        findUnmasked(*matcher, at(from, c), rowStride_, to - from + 1, backward, cellAt);
                    if (i >= 0)
                        best = cellAt(i);
                }
                return best;
            }
        }
        for (std::int64_t k = 0; k <= last - first; ++k)
            if (auto found = scanRow(backward ? last - k : first + k, windowFirst, windowEnd - 1, backward))
                return found;
        return std::nullopt;
    }

    static constexpr std::int64_t kNarrowWidth = 32;

    const Tile& tile_;
    const StridedView& view_;
    std::int64_t period_;
    std::vector<std::unique_ptr<const CellMatcher>> matchers_; ///< per column of the period; null: never matches
    bool affine_ = true;
    bool masked_ = false;
    std::int64_t rowStride_ = 0;
    std::int64_t columnStride_ = 0;
};

// The first (last) match of one span, read from its own tile.
std::optional<Cell> scanSpan(ArraySource& source, const Span& span, bool backward, const std::vector<bool>& readable,
                             const FindCondition& condition)
{
    const CellRange range{span.first.row, span.last.row - span.first.row + 1, span.windowFirst,
                          span.windowEnd - span.windowFirst};
    const Tile tile = source.tile(range);
    std::optional<Cell> found;
    {
        const auto lock = cell_memory::lockForReading(); // an edit on the GUI thread waits for this piece
        found = TileScan(tile, readable, condition).scan(span, backward);
    }
    // A mapped file that shrank reads as zeros (GuardedMemory): never a match to report.
    if (tile.view().buffer() && tile.view().buffer()->isMemoryLost())
        throw IoError("the file behind the view shrank while it was searched; its values are gone");
    return found;
}

} // namespace

CellFinder::CellFinder(const ArraySource& source, FindCondition condition, FindOptions options)
    : condition_(std::move(condition)), options_(options)
{
    const std::int64_t period = std::max<std::int64_t>(1, source.geometry().columnPeriod());
    std::optional<CellTextError> firstError;
    bool any = false;
    for (std::int64_t j = 0; j < period; ++j) {
        bool readable = false;
        if (j < source.cols()) {
            try {
                (void)source.columnType(j).codec->matcher(condition_);
                readable = true;
            } catch (const CellTextError& error) {
                if (!firstError)
                    firstError = error;
            }
        }
        any = any || readable;
        readable_.push_back(readable);
    }
    if (!any && firstError)
        throw *firstError;
}

CellFinder::~CellFinder() = default;

FindOutcome CellFinder::find(ArraySource& source, std::int64_t row, std::int64_t column, FindDirection direction,
                             bool includeStart, const Progress& progress) const
{
    const std::int64_t rows = source.rows();
    const std::int64_t cols = source.cols();
    if (rows == 0 || cols == 0)
        return {};
    if (row < 0 || row >= rows || column < 0 || column >= cols)
        throw SliceError("cell [" + std::to_string(row) + ", " + std::to_string(column) + "] is outside the view (" +
                         std::to_string(rows) + " × " + std::to_string(cols) + ")");
    const bool backward = direction == FindDirection::Backward;
    const Chunking chunking(rows, cols, options_.chunkCells, source.preferredTileRows());
    const std::int64_t chunks = chunking.count();
    const Cell cursor{row, column};
    // The first cell looked at, and the chunk it lies in.
    Cell start = cursor;
    if (!includeStart) {
        const Cell next = backward ? before(cursor, 0, cols) : after(cursor, 0, cols);
        start = next.row < 0 ? Cell{rows - 1, cols - 1} : next.row >= rows ? Cell{0, 0} : next;
    }
    const std::int64_t startChunk = chunking.chunkOf(start);

    // Job k in search order: the start chunk from the start cell on, the
    // other chunks, then the start chunk's cells on the other side of it.
    const std::int64_t jobs = chunks + 1;
    const auto jobSpan = [&](std::int64_t k) -> Span {
        const std::int64_t step = backward ? -1 : 1;
        if (k > 0 && k < chunks)
            return chunking.span(((startChunk + step * k) % chunks + chunks) % chunks);
        Span span = chunking.span(startChunk);
        if ((k == 0) != backward) { // from the start cell to the chunk's end
            span.first = start;
            if (k != 0)
                span.first = after(start, span.windowFirst, span.windowEnd);
        } else { // from the chunk's beginning to the start cell
            span.last = start;
            if (k != 0)
                span.last = before(start, span.windowFirst, span.windowEnd);
        }
        return span;
    };
    const auto wrappedAt = [&](Cell match) {
        if (match == cursor)
            return !includeStart;
        return backward ? cursor < match : match < cursor;
    };

    struct Shared {
        std::atomic<std::int64_t> nextJob = 0;
        std::atomic<std::int64_t> bestJob = std::numeric_limits<std::int64_t>::max();
        std::atomic<std::int64_t> cellsSearched = 0;
        std::atomic<bool> stop = false;
        std::mutex mutex;
        std::condition_variable done;
        int running = 0;
        std::optional<Cell> best;
        std::exception_ptr error;
    } shared;
    const auto work = [&] {
        try {
            while (!shared.stop) {
                const std::int64_t k = shared.nextJob++;
                if (k >= jobs || k > shared.bestJob)
                    break;
                const Span span = jobSpan(k);
                if (span.empty())
                    continue;
                const std::optional<Cell> found = scanSpan(source, span, backward, readable_, condition_);
                shared.cellsSearched += span.cellCount();
                if (found) {
                    std::lock_guard lock(shared.mutex);
                    if (k < shared.bestJob) {
                        shared.bestJob = k;
                        shared.best = found;
                    }
                }
            }
        } catch (...) {
            std::lock_guard lock(shared.mutex);
            if (!shared.error)
                shared.error = std::current_exception();
            shared.stop = true;
        }
        std::lock_guard lock(shared.mutex);
        --shared.running;
        shared.done.notify_all();
    };

    const unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    const unsigned workerCount =
        static_cast<unsigned>(std::min<std::int64_t>(options_.threads ? options_.threads : cores, jobs));
    const double totalCells = static_cast<double>(rows) * static_cast<double>(cols);
    bool cancelled = false;
    {
        std::vector<std::jthread> workers;
        shared.running = static_cast<int>(workerCount);
        for (unsigned i = 0; i < workerCount; ++i)
            workers.emplace_back(work);
        std::unique_lock lock(shared.mutex);
        while (shared.running > 0) {
            shared.done.wait_for(lock, std::chrono::milliseconds(std::max(1, options_.progressIntervalMs)));
            if (progress && shared.running > 0 && !cancelled) {
                lock.unlock();
                const double fraction = std::min(1.0, static_cast<double>(shared.cellsSearched) / totalCells);
                if (!progress(fraction)) {
                    cancelled = true;
                    shared.stop = true;
                }
                lock.lock();
            }
        }
    } // joins
    if (shared.error)
        std::rethrow_exception(shared.error);
    if (shared.best)
        return {FindOutcome::Status::Found, shared.best->row, shared.best->column, wrappedAt(*shared.best)};
    return {cancelled ? FindOutcome::Status::Cancelled : FindOutcome::Status::NotFound, -1, -1, false};
}

} // namespace arraylens
