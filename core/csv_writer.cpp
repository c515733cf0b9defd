// SPDX-License-Identifier: MIT
#include "core/csv_writer.h"

#include "core/strided_view.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace arraylens {

namespace {

// About 1 MB of text per block: large enough to amortise the hand-off,
// small enough that a few in flight cost little memory.
constexpr std::int64_t kTargetBlockCells = 40'000;

} // namespace

CellRange CellRange::whole(const StridedView& view)
{
    return CellRange{0, view.rows(), 0, view.cols()};
}

bool CsvWriter::write(const StridedView& view, const Sink& sink, const Progress& progress) const
{
    return write(view, CellRange::whole(view), sink, progress);
}

char* CsvWriter::writeQuoted(char* out, std::string_view text) const
{
    const bool needsQuotes = text.find_first_of(std::string_view("\"\r\n", 3)) != std::string_view::npos ||
                             text.find(options_.delimiter) != std::string_view::npos;
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

void CsvWriter::appendRows(std::string& out, const StridedView& view, const CellRange& range, std::int64_t firstRow,
                           std::int64_t lastRow) const
{
    const ElementFormat& format = view.format();
    // Cell text is drawn from a small alphabet (digits, hex, nan/inf, True/False,
    // complex parentheses): quoting is needed only for a delimiter inside it.
    constexpr std::string_view kCellAlphabet = "0123456789abcdefxjinTrueFls()+-.";
    const bool mayNeedQuotes = kCellAlphabet.find(options_.delimiter) != std::string_view::npos;
    // Cells are written straight into out's buffer, which always has room for
    // the longest cell, quoted, and its delimiter.
    constexpr std::size_t kCellRoom = 2 * CellCodec::kMaxTextSize + 32;
    std::size_t used = out.size();
    out.resize(std::max<std::size_t>(used + kCellRoom, out.capacity()));
    char* p = out.data() + used;
    const auto makeRoom = [&] {
        if (static_cast<std::size_t>(out.data() + out.size() - p) < kCellRoom) {
            used = static_cast<std::size_t>(p - out.data());
            out.resize(2 * out.size() + kCellRoom);
            p = out.data() + used;
        }
    };
    char cell[CellCodec::kMaxTextSize];
    for (std::int64_t r = firstRow; r < lastRow; ++r) {
        makeRoom();
        if (options_.indexColumn) {
            const std::string label = std::to_string(view.rowLabel(r));
            p = writeQuoted(p, label); // quoted only if the delimiter is a digit or '-'
            *p++ = options_.delimiter;
        }
        for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c) {
            makeRoom();
            if (c != range.firstColumn)
                *p++ = options_.delimiter;
            if (mayNeedQuotes) {
                const char* end = CellCodec::write(cell, view.pointer(r, c), format, options_.display);
                p = writeQuoted(p, std::string_view(cell, static_cast<std::size_t>(end - cell)));
            } else {
                p = CellCodec::write(p, view.pointer(r, c), format, options_.display);
            }
        }
        *p++ = '\n';
    }
    out.resize(static_cast<std::size_t>(p - out.data()));
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
            const char* end = writeQuoted(label, std::to_string(view.colLabel(c)));
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
        std::string text;
        for (std::int64_t block = 0; block < blockCount; ++block) {
            text.clear();
            const auto [first, last] = rowsOf(block);
            appendRows(text, view, range, first, last);
            sink(text);
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
        std::deque<std::pair<bool, std::string>> ready; // index nextToWrite + i
        std::vector<std::string> spare; // written blocks' buffers, reused: no fresh pages per block
        bool stop = false;
        std::exception_ptr error;
    } shared;
    const std::int64_t window = 2 * static_cast<std::int64_t>(workerCount);
    shared.ready.resize(static_cast<std::size_t>(window));

    auto work = [&] {
        std::string text;
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
                appendRows(text, view, range, first, last);
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
            std::string text;
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
            sink(text);
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
