// SPDX-License-Identifier: MIT
#include "core/csv_writer.h"

#include "core/cell_memory_lock.h"
#include "core/errors.h"
#include "core/float_repr.h"
#include "core/py_buffer.h"
#include "core/strided_view.h"

#include <algorithm>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <exception>
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

// Room for the longest cell, quoted, and its delimiter.
constexpr std::size_t kCellRoom = 2 * CellCodec::kMaxTextSize + 32;

// Float cells of the fast path are formatted this many at a time.
constexpr std::int64_t kFloatRun = 64;

// One block's text. Cells are written straight into its storage, which
// grows without being zero-filled first (std::string::resize would write
// every byte once more before the cells do).
class BlockText {
public:
    BlockText() = default;
    // A moved-from block is empty, as a moved-from std::string is in practice.
    BlockText(BlockText&& other) noexcept
        : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)),
          capacity_(std::exchange(other.capacity_, 0))
    {
    }
    BlockText& operator=(BlockText&& other) noexcept
    {
        data_ = std::move(other.data_);
        size_ = std::exchange(other.size_, 0);
        capacity_ = std::exchange(other.capacity_, 0);
        return *this;
    }

    [[nodiscard]] std::string_view text() const { return {data_.get(), size_}; }
    void clear() { size_ = 0; }

    /// Where the text ends, with at least `room` bytes free behind it.
    [[nodiscard]] char* end(std::size_t room)
    {
        if (capacity_ - size_ < room) {
            const std::size_t capacity = std::max(2 * capacity_, size_ + room);
            auto larger = std::make_unique_for_overwrite<char[]>(capacity);
            if (size_ != 0) // memcpy from the null of an empty block is undefined, even for 0 bytes
                std::memcpy(larger.get(), data_.get(), size_);
            data_ = std::move(larger);
            capacity_ = capacity;
        }
        return data_.get() + size_;
    }
    /// Takes the text up to `end`, a pointer that end() returned or one past it.
    void setEnd(const char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }

private:
    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

char* writeQuoted(char* out, std::string_view text, char delimiter)
{
    const bool needsQuotes = text.find_first_of(std::string_view("\"\r\n", 3)) != std::string_view::npos ||
                             text.find(delimiter) != std::string_view::npos;
    if (!needsQuotes)
        return std::copy(text.begin(), text.end(), out);
    *out++ = '"';
    for (char c : text) {
        if (c == '"')
            *out++ = '"';
        *out++ = c;
    }
    *out++ = '"';
    return out;
}

// The cells of row r in `columns` for float32 and float64 in native byte
// order with shortest text, the common case: read a run at a time (memcpy:
// a stride need not keep elements aligned) and formatted together.
template <class F>
void appendFloatCells(BlockText& out, const StridedView& view, std::int64_t r, const CellRange& columns,
                      char delimiter)
{
    F values[kFloatRun];
    const std::int64_t endColumn = columns.firstColumn + columns.columnCount;
    for (std::int64_t c = columns.firstColumn; c < endColumn; c += kFloatRun) {
        const std::int64_t count = std::min(kFloatRun, endColumn - c);
        for (std::int64_t i = 0; i < count; ++i)
            std::memcpy(&values[i], view.pointer(r, c + i), sizeof(F));
        char* p = out.end(static_cast<std::size_t>(count + 1) * FloatRepr::kMaxTextSize);
        if (c != columns.firstColumn)
            *p++ = delimiter;
        out.setEnd(FloatRepr::writeJoined(p, std::span<const F>(values, static_cast<std::size_t>(count)), delimiter));
    }
}

void appendRows(BlockText& out, const StridedView& view, const CellRange& range, std::int64_t firstRow,
                std::int64_t lastRow, const CsvOptions& options)
{
    const ElementFormat& format = view.format();
    const char delimiter = options.delimiter;
    // Cell text is drawn from a small alphabet (digits, hex, nan/inf, True/False,
    // complex parentheses): quoting is needed only for a delimiter inside it.
    constexpr std::string_view kCellAlphabet = "0123456789abcdefxjinTrueFls()+-.";
    const bool mayNeedQuotes = kCellAlphabet.find(delimiter) != std::string_view::npos;
    const bool shortestFloats = !mayNeedQuotes && !format.swapped &&
                                options.display.floatStyle == DisplayOptions::FloatStyle::Shortest;
    const bool fastFloat64 = shortestFloats && format.itemType == ItemType::Float64;
    const bool fastFloat32 = shortestFloats && format.itemType == ItemType::Float32;

    char cell[CellCodec::kMaxTextSize];
    for (std::int64_t r = firstRow; r < lastRow; ++r) {
        if (options.indexColumn) {
            char* p = out.end(kCellRoom);
            p = writeQuoted(p, std::to_string(view.rowLabel(r)), delimiter); // quoted only if the delimiter is a digit or '-'
            *p++ = delimiter;
            out.setEnd(p);
        }
        if (fastFloat64) {
            appendFloatCells<double>(out, view, r, range, delimiter);
        } else if (fastFloat32) {
            appendFloatCells<float>(out, view, r, range, delimiter);
        } else {
            for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c) {
                char* p = out.end(kCellRoom);
                if (c != range.firstColumn)
                    *p++ = delimiter;
                if (mayNeedQuotes) {
                    const char* end = CellCodec::write(cell, view.pointer(r, c), format, options.display);
                    p = writeQuoted(p, std::string_view(cell, static_cast<std::size_t>(end - cell)), delimiter);
                } else {
                    p = CellCodec::write(p, view.pointer(r, c), format, options.display);
                }
                out.setEnd(p);
            }
        }
        char* p = out.end(1);
        *p++ = '\n';
        out.setEnd(p);
    }
    // Checked after reading: a mapped file that shrank reads as zeros (see
    // GuardedMemory), which must never reach the file as if they were data.
    if (view.buffer() && view.buffer()->isMemoryLost())
        throw IoError("the file behind the exported view shrank while it was read (another call or program "
                      "truncated it); its values are gone, so nothing is exported");
}

} // namespace

CellRange CellRange::whole(const StridedView& view)
{
    return CellRange{0, view.rows(), 0, view.cols()};
}

bool CsvWriter::write(const StridedView& view, const Sink& sink, const Progress& progress) const
{
    return write(view, CellRange::whole(view), sink, progress);
}

bool CsvWriter::write(const StridedView& view, const CellRange& range, const Sink& sink, const Progress& progress) const
{
    if (range.rowCount <= 0 || range.columnCount <= 0)
        return true;

    if (options_.headerRow) {
        std::string header;
        if (options_.indexColumn)
            header += options_.delimiter;
        char label[48];
        for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c) {
            if (c != range.firstColumn)
                header += options_.delimiter;
            const char* end = writeQuoted(label, std::to_string(view.colLabel(c)), options_.delimiter);
            header.append(label, static_cast<std::size_t>(end - label));
        }
        header += '\n';
        sink(header);
    }

    const std::int64_t rowsPerBlock = std::max<std::int64_t>(1, kTargetBlockCells / range.columnCount);
    const std::int64_t blockCount = (range.rowCount + rowsPerBlock - 1) / rowsPerBlock;
    const auto rowsOf = [&](std::int64_t block) {
        const std::int64_t first = range.firstRow + block * rowsPerBlock;
        return std::pair{first, std::min(first + rowsPerBlock, range.firstRow + range.rowCount)};
    };

    const unsigned workerCount = std::min<std::int64_t>(std::max(1u, std::thread::hardware_concurrency()), blockCount);
    if (workerCount <= 1) {
        BlockText text;
        for (std::int64_t block = 0; block < blockCount; ++block) {
            text.clear();
            const auto [first, last] = rowsOf(block);
            {
                const auto lock = cell_memory::lockForReading(); // an edit on the GUI thread waits for this block
                appendRows(text, view, range, first, last, options_);
            }
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
        std::deque<std::pair<bool, BlockText>> ready; // index nextToWrite + i
        std::vector<BlockText> spare; // written blocks' buffers, reused: no fresh pages per block
        bool stop = false;
        std::exception_ptr error;
    } shared;
    const std::int64_t window = 2 * static_cast<std::int64_t>(workerCount);
    shared.ready.resize(static_cast<std::size_t>(window));

    auto work = [&] {
        BlockText text;
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
                const auto lock = cell_memory::lockForReading(); // an edit on the GUI thread waits for this block
                appendRows(text, view, range, first, last, options_);
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
            BlockText text;
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
