// SPDX-License-Identifier: MIT
#include "core/csv_writer.h"

#include "core/buffer_source.h"
#include "core/cell_memory_lock.h"
#include "core/errors.h"
#include "core/float_repr.h"
#include "core/py_buffer.h"
#include "core/strided_view.h"
#include "core/text_sink.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace arraylens {

namespace {

// About 0.7 MB of text per block of 17-digit doubles: large enough to
// amortise the hand-off, small enough that a few in flight cost little memory.
constexpr std::int64_t kTargetBlockCells = 40'000;
// A source read in chunks (a lazy one) gets bands of its chunk height, up to
// this many cells (8 MB of float64 a band, a few bands in flight).
constexpr std::int64_t kMaxBandCells = 1'000'000;

// Float cells of the fast path are formatted this many at a time.
constexpr std::int64_t kFloatRun = 64;

// Appends text to out as one CSV cell: as is, or quoted (RFC 4180) when it
// holds the delimiter, a quote, CR or LF, with inner quotes doubled.
void appendQuoted(TextSink& out, std::string_view text, char delimiter)
{
    const bool needsQuotes = text.find_first_of(std::string_view("\"\r\n", 3)) != std::string_view::npos ||
                             text.find(delimiter) != std::string_view::npos;
    if (!needsQuotes) {
        out.append(text);
        return;
    }
    char* p = out.reserve(2 * text.size() + 2);
    *p++ = '"';
    for (char c : text) {
        if (c == '"')
            *p++ = '"';
        *p++ = c;
    }
    *p++ = '"';
    out.commit(p);
}

// What the writer needs of one column's type, looked up once per block.
struct ColumnCodec {
    const ElementCodec* codec;
    bool mayNeedQuotes;
};

// The cells of row r in `columns` for float32 and float64 in native byte
// order with shortest text, the common case: read a run at a time (memcpy:
// a stride need not keep elements aligned) and formatted together.
template <class F>
void appendFloatCells(TextSink& out, const StridedView& view, std::int64_t r, const CellRange& columns,
                      char delimiter)
{
    F values[kFloatRun];
    const std::int64_t endColumn = columns.firstColumn + columns.columnCount;
    for (std::int64_t c = columns.firstColumn; c < endColumn; c += kFloatRun) {
        const std::int64_t count = std::min(kFloatRun, endColumn - c);
        for (std::int64_t i = 0; i < count; ++i)
            std::memcpy(&values[i], view.pointer(r, c + i), sizeof(F));
        char* p = out.reserve(static_cast<std::size_t>(count + 1) * FloatRepr::kMaxTextSize);
        if (c != columns.firstColumn)
            *p++ = delimiter;
        out.commit(FloatRepr::writeJoined(p, std::span<const F>(values, static_cast<std::size_t>(count)), delimiter));
    }
}

// Rows [firstRow, lastRow) of `range`, in the coordinates of the tile's
// view; rowLabel gives the index column's text of a view row.
void appendRows(TextSink& out, const StridedView& view, const CellRange& range, std::int64_t firstRow,
                std::int64_t lastRow, const CsvOptions& options, const std::function<std::string(std::int64_t)>& rowLabel)
{
    const char delimiter = options.delimiter;
    // Column types repeat with the record's fields; one entry per field shown.
    std::vector<ColumnCodec> codecs;
    for (std::int64_t i = 0; i < std::min(view.columnPeriod(), range.columnCount); ++i) {
        const ElementCodec* codec = view.columnType(range.firstColumn + i).codec.get();
        codecs.push_back({codec, codec->mayNeedQuotes(delimiter)});
    }
    const std::int64_t period = static_cast<std::int64_t>(codecs.size());
    const ElementType& first = view.columnType(range.firstColumn);
    // Plain float32 and float64 in native order with shortest text, the
    // common case, skip the codec: runs of values are formatted together.
    const bool plainFloats = view.isUniform() && !view.hasMask() && first.kind == ElementKind::Float && !first.swapped &&
                             !codecs.front().mayNeedQuotes &&
                             options.display.floatStyle == DisplayOptions::FloatStyle::Shortest;
    const bool fastFloat64 = plainFloats && first.itemSize == sizeof(double);
    const bool fastFloat32 = plainFloats && first.itemSize == sizeof(float);

    TextSink cell; // a cell that may need quotes, before it is quoted
    for (std::int64_t r = firstRow; r < lastRow; ++r) {
        if (options.indexColumn) {
            appendQuoted(out, rowLabel(r), delimiter); // quoted only if the delimiter is a digit or '-'
            out.push_back(delimiter);
        }
        if (fastFloat64) {
            appendFloatCells<double>(out, view, r, range, delimiter);
        } else if (fastFloat32) {
            appendFloatCells<float>(out, view, r, range, delimiter);
        } else if (period == 1 && !view.hasMask() && !codecs.front().mayNeedQuotes) {
            // One type throughout, nothing to quote or mask: the codec writes
            // straight into the block.
            const ElementCodec& codec = *codecs.front().codec;
            for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c) {
                if (c != range.firstColumn)
                    out.push_back(delimiter);
                codec.format(view.pointer(r, c), out, options.display);
            }
        } else {
            for (std::int64_t i = 0; i < range.columnCount; ++i) {
                const std::int64_t c = range.firstColumn + i;
                if (i != 0)
                    out.push_back(delimiter);
                if (view.isMasked(r, c))
                    continue; // a masked cell is an empty cell
                const ColumnCodec& column = codecs[static_cast<std::size_t>(period == 1 ? 0 : i % period)];
                if (column.mayNeedQuotes) {
                    cell.clear();
                    column.codec->format(view.pointer(r, c), cell, options.display);
                    appendQuoted(out, cell.text(), delimiter);
                } else {
                    column.codec->format(view.pointer(r, c), out, options.display);
                }
            }
        }
        out.push_back('\n');
    }
    // Checked after reading: a mapped file that shrank reads as zeros (see
    // GuardedMemory), which must never reach the file as if they were data.
    if (view.buffer() && view.buffer()->isMemoryLost())
        throw IoError("the file behind the exported view shrank while it was read (another call or program "
                      "truncated it); its values are gone, so nothing is exported");
}

} // namespace

bool CsvWriter::write(const StridedView& view, const Sink& sink, const Progress& progress) const
{
    return write(view, CellRange::whole(view), sink, progress);
}

bool CsvWriter::write(const StridedView& view, const CellRange& range, const Sink& sink, const Progress& progress) const
{
    BufferSource source(view);
    return write(source, range, sink, progress);
}

bool CsvWriter::write(ArraySource& source, const CellRange& range, const Sink& sink, const Progress& progress) const
{
    if (range.rowCount <= 0 || range.columnCount <= 0)
        return true;

    if (options_.headerRow) {
        TextSink header;
        if (options_.indexColumn)
            header.push_back(options_.delimiter);
        for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c) {
            if (c != range.firstColumn)
                header.push_back(options_.delimiter);
            appendQuoted(header, source.columnHeader(c), options_.delimiter);
        }
        header.push_back('\n');
        sink(header.text());
    }

    const std::int64_t rowsPerBlock =
        std::max({std::int64_t{1}, kTargetBlockCells / range.columnCount,
                  std::min(source.preferredTileRows(), kMaxBandCells / range.columnCount)});
    // One block of rows: its tile, read in the tile's own coordinates.
    const auto formatBlock = [&](TextSink& text, std::int64_t first, std::int64_t last) {
        const Tile tile = source.tile(CellRange{first, last - first, range.firstColumn, range.columnCount});
        const std::int64_t rowShift = tile.originRow();
        const CellRange local{range.firstRow - rowShift, range.rowCount, range.firstColumn - tile.originColumn(),
                              range.columnCount};
        const auto lock = cell_memory::lockForReading(); // an edit on the GUI thread waits for this block
        appendRows(text, tile.view(), local, first - rowShift, last - rowShift, options_,
                   [&](std::int64_t r) { return source.rowLabel(r + rowShift); });
    };
    const std::int64_t blockCount = (range.rowCount + rowsPerBlock - 1) / rowsPerBlock;
    const auto rowsOf = [&](std::int64_t block) {
        const std::int64_t first = range.firstRow + block * rowsPerBlock;
        return std::pair{first, std::min(first + rowsPerBlock, range.firstRow + range.rowCount)};
    };

    const unsigned workerCount = std::min<std::int64_t>(std::max(1u, std::thread::hardware_concurrency()), blockCount);
    if (workerCount <= 1) {
        TextSink text;
        for (std::int64_t block = 0; block < blockCount; ++block) {
            text.clear();
            const auto [first, last] = rowsOf(block);
            formatBlock(text, first, last);
            sink(text.text());
            if (progress && !progress(last - range.firstRow))
                return false;
        }
        return true;
    }

    // Workers format blocks in any order; this thread hands them to the sink
    // in order. At most `window` blocks are claimed ahead of the sink.
    struct Shared {
        std::mutex mutex;
        std::condition_variable changed;
        std::int64_t nextToClaim = 0;
        std::int64_t nextToWrite = 0;
        std::deque<std::pair<bool, TextSink>> ready; // index nextToWrite + i
        std::vector<TextSink> spare; // written blocks' buffers, reused: no fresh pages per block
        bool stop = false;
        std::exception_ptr error;
    } shared;
    const std::int64_t window = 2 * static_cast<std::int64_t>(workerCount);
    shared.ready.resize(static_cast<std::size_t>(window));

    auto work = [&] {
        TextSink text;
        while (true) {
            std::int64_t block;
            {
                std::unique_lock lock(shared.mutex);
                shared.changed.wait(lock, [&] {
                    return shared.stop || shared.nextToClaim >= blockCount ||
                           shared.nextToClaim < shared.nextToWrite + window;
                });
                if (shared.stop || shared.nextToClaim >= blockCount)
                    return;
                block = shared.nextToClaim++;
                if (!shared.spare.empty()) {
                    text = std::move(shared.spare.back());
                    shared.spare.pop_back();
                }
            }
            try {
                const auto [first, last] = rowsOf(block);
                text.clear();
                formatBlock(text, first, last);
            } catch (...) {
                std::lock_guard lock(shared.mutex);
                shared.error = std::current_exception();
                shared.stop = true;
                shared.changed.notify_all();
                return;
            }
            std::lock_guard lock(shared.mutex);
            auto& slot = shared.ready[static_cast<std::size_t>(block - shared.nextToWrite)];
            slot = {true, std::move(text)};
            shared.changed.notify_all();
        }
    };
    std::vector<std::jthread> workers;
    for (unsigned i = 0; i < workerCount; ++i)
        workers.emplace_back(work);

    bool completed = true;
    try {
        while (true) {
            TextSink text;
            {
                std::unique_lock lock(shared.mutex);
                shared.changed.wait(lock, [&] { return shared.stop || shared.ready.front().first; });
                if (shared.stop)
                    break;
                text = std::move(shared.ready.front().second);
                shared.ready.pop_front();
                shared.ready.emplace_back();
                ++shared.nextToWrite;
                shared.changed.notify_all();
            }
            sink(text.text());
            {
                std::lock_guard lock(shared.mutex);
                shared.spare.push_back(std::move(text));
            }
            const std::int64_t written = std::min(shared.nextToWrite * rowsPerBlock, range.rowCount);
            if (progress && !progress(written)) {
                completed = false;
                break;
            }
            if (written >= range.rowCount)
                break;
        }
    } catch (...) {
        std::lock_guard lock(shared.mutex);
        shared.error = std::current_exception();
    }
    {
        std::lock_guard lock(shared.mutex);
        shared.stop = true;
        shared.changed.notify_all();
    }
    workers.clear(); // joins
    if (shared.error)
        std::rethrow_exception(shared.error);
    return completed;
}

} // namespace arraylens
