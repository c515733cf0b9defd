// SPDX-License-Identifier: MIT
#include "core/lazy_source.h"

#include "core/cell_memory_lock.h"
#include "core/errors.h"
#include "core/gil.h"
#include "core/lazy_array.h"
#include "core/py_buffer.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace arraylens {

namespace {

// Blocks follow chunks within these bounds: big enough that a screen is a
// few fetches, small enough that one fetch is quick and many fit the budget.
constexpr std::int64_t kMinBlockRows = 64;
constexpr std::int64_t kMaxBlockRows = 65'536;
constexpr std::int64_t kMinBlockColumns = 16;
constexpr std::int64_t kMaxBlockColumns = 4096;
constexpr std::int64_t kMaxBlockBytes = std::int64_t{16} << 20;
// Requests beyond this many wait for none: the oldest are dropped.
constexpr std::size_t kMaxQueued = 48;

// A chunk's extent along a view axis (selected every `step` elements), in view cells.
std::int64_t chunkCells(const std::vector<std::int64_t>& chunks, int axis, const AxisSelection& selection,
                        std::int64_t fallback)
{
    if (axis < 0 || chunks.size() <= static_cast<std::size_t>(axis) || chunks[static_cast<std::size_t>(axis)] <= 0)
        return fallback;
    const std::int64_t step = std::max<std::int64_t>(1, std::abs(selection.step));
    return std::max<std::int64_t>(1, (chunks[static_cast<std::size_t>(axis)] + step - 1) / step);
}

// Blocks are megabytes, allocated (by NumPy, then for the copy) and freed
// as the user scrolls. glibc raises its mmap threshold to the size of each
// large block freed, after which such blocks come from the heap and stay
// with the process once evicted: the cache would keep its budget and the
// process grow past it. A fixed threshold keeps them mapped: freed, they
// go back to the system.
void returnFreedBlocksToTheSystem()
{
    static std::once_flag once;
    std::call_once(once, [] { mallopt(M_MMAP_THRESHOLD, 1 << 20); });
}

} // namespace

LazySource::LazySource(std::shared_ptr<const LazyArray> array, const SliceSpec& slice, bool transposed,
                       const std::string& field, std::size_t budgetBytes)
    : array_(std::move(array)),
      geometry_(std::make_shared<const StridedView>(array_->skeleton(), slice, transposed, field)),
      transposed_(transposed), field_(field), budgetBytes_(budgetBytes)
{
    returnFreedBlocksToTheSystem();
    const StridedView& view = *geometry_;
    const auto& axes = view.axes();
    const auto selectionOf = [&](int axis) {
        return axis >= 0 ? axes[static_cast<std::size_t>(axis)] : AxisSelection{true, 0, 1, 1};
    };
    const std::vector<std::int64_t> chunks = array_->chunks();
    blockRows_ = std::clamp(chunkCells(chunks, view.rowAxis(), selectionOf(view.rowAxis()), 256),
                            kMinBlockRows, kMaxBlockRows);
    blockPlaneColumns_ = std::clamp(chunkCells(chunks, view.colAxis(), selectionOf(view.colAxis()), 64),
                                    kMinBlockColumns, kMaxBlockColumns);
    // A block of big elements (long records, strings) is cut down to size.
    const std::int64_t itemSize = std::max<std::int64_t>(1, array_->skeleton()->itemSize());
    while (blockRows_ * blockPlaneColumns_ * itemSize > kMaxBlockBytes &&
           (blockPlaneColumns_ > kMinBlockColumns || blockRows_ > 1)) {
        if (blockPlaneColumns_ > kMinBlockColumns)
            blockPlaneColumns_ = std::max(kMinBlockColumns, blockPlaneColumns_ / 2);
        else
            blockRows_ = std::max<std::int64_t>(1, blockRows_ / 2);
    }
}

LazySource::~LazySource() = default;

void LazySource::setHooks(Hooks hooks)
{
    std::lock_guard lock(hooksMutex_);
    hooks_ = std::move(hooks);
}

std::int64_t LazySource::rows() const
{
    return geometry_->rows();
}

std::int64_t LazySource::cols() const
{
    return geometry_->cols();
}

const ElementType& LazySource::columnType(std::int64_t c) const
{
    return array_->readsAsText() ? array_->elementType() : geometry_->columnType(c);
}

std::string LazySource::columnHeader(std::int64_t c) const
{
    return geometry_->columnHeader(c);
}

std::string LazySource::rowLabel(std::int64_t r) const
{
    const std::int64_t position = geometry_->rowLabel(r);
    std::string label = array_->rowLabel(position);
    return label.empty() ? std::to_string(position) : label;
}

std::string LazySource::origin() const
{
    return array_->origin();
}

bool LazySource::isReadOnly() const
{
    return !array_->readOnlyReason().empty();
}

std::string LazySource::readOnlyReason() const
{
    return array_->readOnlyReason();
}

LazySource::BlockKey LazySource::blockOf(std::int64_t r, std::int64_t c) const
{
    return {r / blockRows_, c / geometry_->columnPeriod() / blockPlaneColumns_};
}

CellRange LazySource::blockRange(const BlockKey& key) const
{
    const std::int64_t period = geometry_->columnPeriod();
    const std::int64_t firstRow = key.first * blockRows_;
    const std::int64_t firstColumn = key.second * blockPlaneColumns_ * period;
    return CellRange{firstRow, std::min(blockRows_, rows() - firstRow), firstColumn,
                     std::min(blockPlaneColumns_ * period, cols() - firstColumn)};
}

std::string LazySource::failureAt(std::int64_t r, std::int64_t c) const
{
    std::lock_guard lock(mutex_);
    const auto found = failures_.find(blockOf(r, c));
    return found == failures_.end() ? std::string() : found->second;
}

std::optional<Tile> LazySource::tryTile(const CellRange& range) const
{
    if (std::optional<Tile> held = cachedTile(range))
        return held;
    const BlockKey first = blockOf(range.firstRow, range.firstColumn);
    const BlockKey last = blockOf(range.firstRow + range.rowCount - 1, range.firstColumn + range.columnCount - 1);
    std::lock_guard lock(mutex_);
    // The blocks of the range (the first ones, for a range of very many),
    // then their neighbours (the next screen).
    std::vector<BlockKey> wanted;
    for (std::int64_t br = first.first; br <= last.first && wanted.size() < kMaxQueued; ++br)
        for (std::int64_t bc = first.second; bc <= last.second && wanted.size() < kMaxQueued; ++bc)
            wanted.emplace_back(br, bc);
    for (auto key = wanted.rbegin(); key != wanted.rend(); ++key) // the first block ends up first in the queue
        request(*key, true);
    for (const BlockKey& near : {BlockKey{last.first + 1, first.second}, BlockKey{first.first - 1, first.second},
                                 BlockKey{first.first, last.second + 1}})
        if (near.first >= 0 && near.first * blockRows_ < rows() && near.second >= 0 &&
            near.second * blockPlaneColumns_ * geometry_->columnPeriod() < cols())
            request(near, false);
    scheduleLocked();
    return std::nullopt;
}

std::optional<Tile> LazySource::cachedTile(const CellRange& range) const
{
    requireInside(range);
    if (range.rowCount == 0 || range.columnCount == 0)
        return Tile(range, geometry_, 0, 0); // no cells to read
    const BlockKey first = blockOf(range.firstRow, range.firstColumn);
    if (first != blockOf(range.firstRow + range.rowCount - 1, range.firstColumn + range.columnCount - 1))
        return std::nullopt; // ranges over several blocks are never cached whole
    std::lock_guard lock(mutex_);
    const auto found = cache_.find(first);
    if (found == cache_.end())
        return std::nullopt;
    recency_.splice(recency_.begin(), recency_, found->second.recency);
    return found->second.tile;
}

void LazySource::request(const BlockKey& key, bool urgent) const
{
    if (cache_.contains(key) || failures_.contains(key) || reading_ == key)
        return;
    const auto queued = std::find(queue_.begin(), queue_.end(), key);
    if (queued != queue_.end()) {
        if (!urgent)
            return;
        queue_.erase(queued);
    }
    if (urgent)
        queue_.push_front(key);
    else
        queue_.push_back(key);
    while (queue_.size() > kMaxQueued)
        queue_.pop_back();
}

void LazySource::scheduleLocked() const
{
    if (fetchScheduled_ || queue_.empty())
        return;
    std::lock_guard hooksLock(hooksMutex_);
    if (!hooks_.schedule)
        return;
    fetchScheduled_ = true;
    // A weak reference: the document may drop the source before the job runs.
    std::weak_ptr<LazySource> weak = std::const_pointer_cast<LazySource>(shared_from_this());
    hooks_.schedule([weak] {
        if (const std::shared_ptr<LazySource> self = weak.lock())
            self->fetchNext();
    });
}

void LazySource::fetchNext()
{
    BlockKey key;
    {
        std::lock_guard lock(mutex_);
        fetchScheduled_ = false;
        if (queue_.empty())
            return;
        key = queue_.front();
        queue_.pop_front();
        reading_ = key;
    }
    // One block per job: a call the user starts meanwhile waits for one
    // fetch at most, not for the whole queue.
    try {
        std::optional<Tile> fetched;
        {
            GilGuard gil;
            fetched = fetch(blockRange(key));
        }
        store(key, *fetched);
        notifyFetched(fetched->range());
    } catch (const std::exception& error) {
        {
            std::lock_guard lock(mutex_);
            failures_[key] = error.what();
            reading_.reset();
        }
        notifyFailed(std::string("reading ") + array_->origin() + " failed: " + error.what());
        notifyFetched(blockRange(key)); // repaint: the cells now show the failure
    }
    std::lock_guard lock(mutex_);
    scheduleLocked();
}

void LazySource::store(const BlockKey& key, Tile tile)
{
    std::lock_guard lock(mutex_);
    if (reading_ == key)
        reading_.reset();
    if (cache_.contains(key))
        return;
    const std::size_t bytes = static_cast<std::size_t>(tile.view().buffer()->elementCount() *
                                                       tile.view().buffer()->itemSize());
    recency_.push_front(key);
    cache_.emplace(key, CachedBlock{std::move(tile), bytes, recency_.begin()});
    cachedBytes_ += bytes;
    // The least recently read blocks go, the one just read stays. Room is
    // kept for the next read too (Python's window and its copy), so that
    // the cache and a read in flight together stay within the budget. A
    // tile a reader still holds keeps its memory until the reader lets go
    // (it holds no Python: dropping it needs no GIL, on any thread).
    const std::size_t nextRead = 2 * bytes;
    while (cachedBytes_ + nextRead > budgetBytes_ && recency_.size() > 1) {
        const auto victim = cache_.find(recency_.back());
        cachedBytes_ -= victim->second.bytes;
        cache_.erase(victim);
        recency_.pop_back();
    }
}

void LazySource::notifyFetched(const CellRange& range)
{
    std::lock_guard lock(hooksMutex_);
    if (hooks_.fetched)
        hooks_.fetched(range);
}

void LazySource::notifyFailed(const std::string& message)
{
    std::lock_guard lock(hooksMutex_);
    if (hooks_.failed)
        hooks_.failed(message);
}

Tile LazySource::fetch(const CellRange& range) const
{
    const StridedView& view = *geometry_;
    const std::int64_t period = view.columnPeriod();
    const std::int64_t firstPlaneColumn = range.firstColumn / period;
    const std::int64_t endPlaneColumn = (range.firstColumn + range.columnCount + period - 1) / period;
    std::vector<AxisSelection> window = view.axes();
    if (view.rowAxis() >= 0) {
        AxisSelection& rows = window[static_cast<std::size_t>(view.rowAxis())];
        rows.start = rows.indexAt(range.firstRow);
        rows.count = range.rowCount;
    }
    if (view.colAxis() >= 0) {
        AxisSelection& columns = window[static_cast<std::size_t>(view.colAxis())];
        columns.start = columns.indexAt(firstPlaneColumn);
        columns.count = endPlaneColumn - firstPlaneColumn;
    }
    const std::shared_ptr<PyBuffer> values = array_->fetch(window);
    {
        std::lock_guard lock(mutex_);
        ++fetchCount_;
    }
    auto tileView = std::make_shared<const StridedView>(values, SliceSpec(), transposed_, field_);
    const std::int64_t originColumn = firstPlaneColumn * period;
    const CellRange held{range.firstRow, tileView->rows(), originColumn, tileView->cols()};
    return Tile(held, std::move(tileView), range.firstRow, originColumn);
}

Tile LazySource::tile(const CellRange& range)
{
    if (std::optional<Tile> held = cachedTile(range))
        return *held;
    // Exactly the range, uncached: an export streams through without
    // pushing the blocks on screen out of the cache.
    GilGuard gil;
    return fetch(range);
}

std::string LazySource::columnReadOnlyReason(std::int64_t c) const
{
    return array_->fieldReadOnlyReason(geometry_->columnFieldName(c));
}

void LazySource::write(std::int64_t r, std::int64_t c, std::span<const std::byte> bytes)
{
    requireInside(CellRange{r, 1, c, 1});
    if (const std::string reason = columnReadOnlyReason(c); !reason.empty())
        throw BufferAccessError(BufferAccessError::Reason::ReadOnly, reason);
    const ElementType& type = geometry_->columnType(c);
    if (bytes.size() != static_cast<std::size_t>(type.itemSize))
        throw BufferAccessError(BufferAccessError::Reason::ItemType,
                                std::to_string(bytes.size()) + " bytes do not make one " + type.name + " (" +
                                    std::to_string(type.itemSize) + " bytes)");
    const BlockKey key = blockOf(r, c);
    // What Python stores: a table's one cell, or an array's whole element
    // (a record field is stored with the record's other fields).
    const bool wholeElement = array_->isTable() || static_cast<std::int64_t>(bytes.size()) == array_->skeleton()->itemSize();
    std::vector<std::byte> element(wholeElement ? bytes.begin() : bytes.end(), bytes.end());
    if (!wholeElement)
        element.resize(static_cast<std::size_t>(array_->skeleton()->itemSize()));
    const auto patch = [&](const Tile& held) {
        auto* field = const_cast<std::byte*>(held.pointer(r, c)); // a detached copy: ours to change
        const auto lock = cell_memory::lockForWriting();        // an export may be reading the block
        std::memcpy(field, bytes.data(), bytes.size());
        if (!wholeElement)
            std::memcpy(element.data(), field - geometry_->columnOffset(c), element.size());
    };
    bool cached = false;
    {
        // The cached copy changes now (the grid shows the new value at once);
        // the object's own storage when the Python thread gets to it.
        std::lock_guard lock(mutex_);
        if (const auto found = cache_.find(key); found != cache_.end()) {
            patch(found->second.tile);
            cached = true;
        }
    }
    bool background = false;
    {
        std::lock_guard hooksLock(hooksMutex_);
        background = static_cast<bool>(hooks_.schedule);
    }
    if (!cached && !wholeElement) {
        // The record's other fields are needed to store it whole: where
        // waiting is fine, read them now.
        if (background)
            throw BufferAccessError(BufferAccessError::Reason::Index,
                                    "cell [" + rowLabel(r) + ", " + columnHeader(c) +
                                        "] has not been read from the " + origin() + " yet");
        patch(tile(CellRange{r, 1, c, 1}));
    }
    const std::vector<std::int64_t> index = geometry_->sourceIndex(r, c);
    const std::string field = geometry_->columnFieldName(c);
    // A strong reference: an edit must reach the object even when the view
    // moves on to another slice before the Python thread gets to it.
    auto store = [self = shared_from_this(), index, field, element = std::move(element), key] {
        try {
            GilGuard gil;
            if (self->array_->isTable())
                self->array_->writeTableCell(index.front(), field, element);
            else
                self->array_->write(index, element);
        } catch (const std::exception& error) {
            self->forget(key); // read it again: the grid shows what the object holds
            self->notifyFailed(std::string("writing to the ") + self->origin() + " failed: " + error.what());
            self->notifyFetched(self->blockRange(key));
            throw;
        }
    };
    std::unique_lock hooksLock(hooksMutex_);
    if (hooks_.schedule) {
        hooks_.schedule([store = std::move(store)] {
            try {
                store();
            } catch (const std::exception&) {
                // reported through the failed hook
            }
        });
        return;
    }
    hooksLock.unlock();
    store();
}

std::size_t LazySource::cachedBytes() const
{
    std::lock_guard lock(mutex_);
    return cachedBytes_;
}

std::int64_t LazySource::fetchCount() const
{
    std::lock_guard lock(mutex_);
    return fetchCount_;
}

void LazySource::forget(const BlockKey& key)
{
    std::lock_guard lock(mutex_);
    if (const auto found = cache_.find(key); found != cache_.end()) {
        cachedBytes_ -= found->second.bytes;
        recency_.erase(found->second.recency);
        cache_.erase(found);
    }
}

} // namespace arraylens
