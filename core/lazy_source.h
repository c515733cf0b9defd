// SPDX-License-Identifier: MIT
#pragma once

#include "core/array_source.h"

#include <cstddef>
#include <deque>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <utility>

namespace arraylens {

class LazyArray;
class PyBuffer;

/// A 2-D slice of a LazyArray, read in blocks (DESIGN.md decision 12).
///
/// The slice is cut into blocks that follow the object's chunks where it has
/// them (a 1000 × 1000-chunk zarr array is read one chunk per block). A
/// block read is one `obj[window]`, copied out of Python, and kept in an LRU
/// cache within a memory budget. tryTile() answers from the cache only; for a
/// block it lacks it queues a fetch (and its neighbours' after it) and
/// returns nothing. Fetches run on the Python thread the hooks schedule
/// them on, newest request first; requests that pile up behind newer ones
/// are dropped (the user has scrolled past them).
///
/// Writes patch the cached block at once and store the element with
/// __setitem__ on the Python thread; a failed store is reported and the
/// block read again, so the grid never keeps a value the object refused.
///
/// Without hooks (the command line, tests) tryTile never fetches, tile()
/// fetches on the calling thread and write() stores at once, taking the GIL.
class LazySource final : public ArraySource, public std::enable_shared_from_this<LazySource> {
public:
    static constexpr std::size_t kDefaultBudgetBytes = std::size_t{256} << 20;

    /// Throws SliceError when the slice or field does not fit the array.
    LazySource(std::shared_ptr<const LazyArray> array, const SliceSpec& slice, bool transposed,
               const std::string& field, std::size_t budgetBytes = kDefaultBudgetBytes);
    ~LazySource() override;

    /// Removing the hooks waits for a notification in flight.
    void setHooks(Hooks hooks) override;

    [[nodiscard]] std::int64_t rows() const override;
    [[nodiscard]] std::int64_t cols() const override;
    [[nodiscard]] const ElementType& columnType(std::int64_t c) const override;
    [[nodiscard]] std::string columnHeader(std::int64_t c) const override;
    [[nodiscard]] std::string rowLabel(std::int64_t r) const override;
    [[nodiscard]] std::string origin() const override;
    [[nodiscard]] bool isLazy() const override { return true; }
    [[nodiscard]] bool isReadOnly() const override;
    [[nodiscard]] std::string readOnlyReason() const override;
    [[nodiscard]] std::string columnReadOnlyReason(std::int64_t c) const override;
    [[nodiscard]] const StridedView& geometry() const override { return *geometry_; }
    [[nodiscard]] std::string failureAt(std::int64_t r, std::int64_t c) const override;

    [[nodiscard]] std::optional<Tile> tryTile(const CellRange& range) const override;
    [[nodiscard]] std::optional<Tile> cachedTile(const CellRange& range) const override;
    [[nodiscard]] std::int64_t preferredTileRows() const override { return blockRows_; }
    [[nodiscard]] Tile tile(const CellRange& range) override;
    void write(std::int64_t r, std::int64_t c, std::span<const std::byte> bytes) override;

    /// A block's extent: rows, and columns of the source (fields included).
    [[nodiscard]] std::int64_t blockRows() const { return blockRows_; }
    [[nodiscard]] std::int64_t blockColumns() const { return blockPlaneColumns_ * geometry_->columnPeriod(); }
    /// Bytes the cached blocks hold now (at most the budget, plus one block).
    [[nodiscard]] std::size_t cachedBytes() const;
    /// Blocks read from Python so far (tile() reads of other ranges included).
    [[nodiscard]] std::int64_t fetchCount() const;

private:
    using BlockKey = std::pair<std::int64_t, std::int64_t>; ///< block row, block column
    struct CachedBlock {
        Tile tile;
        std::size_t bytes;
        std::list<BlockKey>::iterator recency;
    };

    [[nodiscard]] BlockKey blockOf(std::int64_t r, std::int64_t c) const;
    /// The source cells block `key` covers.
    [[nodiscard]] CellRange blockRange(const BlockKey& key) const;
    /// Reads `range` (its columns widened to whole elements) from Python. GIL required.
    [[nodiscard]] Tile fetch(const CellRange& range) const;
    /// Queues block `key` (urgent: first; otherwise last) unless it is cached,
    /// queued or failed. Lock held.
    void request(const BlockKey& key, bool urgent) const;
    void scheduleLocked() const;
    /// One queued fetch, on the Python thread.
    void fetchNext();
    void store(const BlockKey& key, Tile tile);
    /// Drops block `key` from the cache (it is read again when next shown).
    void forget(const BlockKey& key);
    void notifyFetched(const CellRange& range);
    void notifyFailed(const std::string& message);

    std::shared_ptr<const LazyArray> array_;
    std::shared_ptr<const StridedView> geometry_;
    bool transposed_;
    std::string field_;
    std::size_t budgetBytes_;
    std::int64_t blockRows_ = 256;
    std::int64_t blockPlaneColumns_ = 64;

    mutable std::mutex mutex_; ///< guards everything below but the hooks
    mutable std::map<BlockKey, CachedBlock> cache_;
    mutable std::list<BlockKey> recency_; ///< most recently used first
    mutable std::deque<BlockKey> queue_;  ///< fetches to run, first first
    mutable std::optional<BlockKey> reading_; ///< the block being read now: not queued again
    mutable std::map<BlockKey, std::string> failures_;
    mutable bool fetchScheduled_ = false;
    std::size_t cachedBytes_ = 0;
    mutable std::int64_t fetchCount_ = 0;

    mutable std::mutex hooksMutex_; ///< guards hooks_ and is held while one is called
    Hooks hooks_;
};

} // namespace arraylens
