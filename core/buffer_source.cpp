// SPDX-License-Identifier: MIT
#include "core/buffer_source.h"

#include "core/cell_memory_lock.h"
#include "core/errors.h"
#include "core/page_fault_worker.h"
#include "core/page_set.h"
#include "core/py_buffer.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <mutex>
#include <optional>
#include <set>
#include <utility>

namespace arraylens {

namespace {

// Larger ranges are not checked page by page: reading that much is a
// worker's job (an export, statistics), where a page fault is fine.
constexpr std::int64_t kMaxCheckedCells = std::int64_t{1} << 20;
// What the kernel said of a block is taken as true for this long without
// asking again: painting a row crosses block edges, and measuring a column
// reads each of its cells, each asking for a tile.
constexpr std::chrono::milliseconds kCheckedFor{250};
constexpr std::size_t kRememberedBlocks = 32;

using BlockKey = std::pair<std::int64_t, std::int64_t>; // block row, block column

} // namespace

struct BufferSource::Residency {
    /// Held while a job touches pages and reports: setHooks({}) and the
    /// destructor take it, so no job touches freed memory or reports late.
    std::mutex touching;
    std::function<void(const CellRange&)> fetched; ///< empty: no checks, no jobs
    /// The rest is the GUI thread's and the jobs' (a short lock, never
    /// held while touching).
    std::mutex state;
    bool checking = false;          ///< a copy of `fetched` being set, readable without `touching`
    std::set<BlockKey> faulting;    ///< posted, not done
    struct Checked {
        BlockKey block;
        bool resident;
        std::chrono::steady_clock::time_point seen;
    };
    std::vector<Checked> recentlyChecked; ///< the newest last

    /// What the kernel said of the block lately, if it was asked.
    std::optional<bool> recentAnswer(BlockKey block, std::chrono::steady_clock::time_point now)
    {
        for (const Checked& checked : recentlyChecked)
            if (checked.block == block && now - checked.seen < kCheckedFor)
                return checked.resident;
        return std::nullopt;
    }
    void remember(BlockKey block, bool resident, std::chrono::steady_clock::time_point now)
    {
        std::erase_if(recentlyChecked, [&](const Checked& checked) { return checked.block == block; });
        if (recentlyChecked.size() >= kRememberedBlocks)
            recentlyChecked.erase(recentlyChecked.begin());
        recentlyChecked.push_back({block, resident, now});
    }
};

BufferSource::BufferSource(StridedView view)
    : view_(std::make_shared<const StridedView>(std::move(view))), residency_(std::make_shared<Residency>())
{
}

BufferSource::~BufferSource()
{
    setHooks({});
}

void BufferSource::setHooks(Hooks hooks)
{
    const std::lock_guard touching(residency_->touching);
    residency_->fetched = std::move(hooks.fetched);
    const std::lock_guard state(residency_->state);
    residency_->checking = static_cast<bool>(residency_->fetched);
    residency_->faulting.clear();
    residency_->recentlyChecked.clear();
}

Tile BufferSource::wholeTile(const CellRange& range) const
{
    requireInside(range);
    return Tile(CellRange{0, rows(), 0, cols()}, view_, 0, 0);
}

std::optional<Tile> BufferSource::residentTile(const CellRange& range, bool faultIn) const
{
    requireInside(range);
    {
        const std::lock_guard state(residency_->state);
        if (!residency_->checking)
            return wholeTile(range);
    }
    if (range.rowCount <= 0 || range.columnCount <= 0 || range.rowCount * range.columnCount > kMaxCheckedCells)
        return wholeTile(range);
    // The blocks the range touches; the tile is their union.
    const std::int64_t firstBlockRow = range.firstRow / kBlockRows;
    const std::int64_t lastBlockRow = (range.firstRow + range.rowCount - 1) / kBlockRows;
    const std::int64_t firstBlockColumn = range.firstColumn / kBlockColumns;
    const std::int64_t lastBlockColumn = (range.firstColumn + range.columnCount - 1) / kBlockColumns;
    const auto blockRange = [this](BlockKey block) {
        const std::int64_t row = block.first * kBlockRows;
        const std::int64_t column = block.second * kBlockColumns;
        return CellRange{row, std::min(kBlockRows, rows() - row), column, std::min(kBlockColumns, cols() - column)};
    };
    bool allResident = true;
    const auto now = std::chrono::steady_clock::now();
    for (std::int64_t br = firstBlockRow; br <= lastBlockRow; ++br)
        for (std::int64_t bc = firstBlockColumn; bc <= lastBlockColumn; ++bc) {
            const BlockKey block{br, bc};
            std::optional<bool> resident;
            {
                const std::lock_guard state(residency_->state);
                resident = residency_->recentAnswer(block, now);
            }
            std::optional<PageSet> pages;
            if (!resident) {
                pages.emplace(*view_, blockRange(block));
                resident = pages->resident();
                const std::lock_guard state(residency_->state);
                residency_->remember(block, *resident, now);
            }
            if (*resident)
                continue;
            allResident = false;
            if (!faultIn)
                continue;
            {
                const std::lock_guard state(residency_->state);
                if (!residency_->faulting.insert(block).second)
                    continue; // already on its way
            }
            if (!pages)
                pages.emplace(*view_, blockRange(block));
            PageFaultWorker::instance().post(
                [residency = residency_, block, pages = std::move(*pages), cells = blockRange(block)] {
                    const std::lock_guard touching(residency->touching);
                    {
                        const std::lock_guard state(residency->state);
                        if (residency->faulting.count(block) == 0)
                            return; // the hooks changed (or the source went) since: nothing to report
                    }
                    pages.touch();
                    {
                        const std::lock_guard state(residency->state);
                        residency->faulting.erase(block);
                        residency->remember(block, true, std::chrono::steady_clock::now());
                    }
                    if (residency->fetched)
                        residency->fetched(cells);
                });
        }
    if (!allResident)
        return std::nullopt;
    CellRange covered{firstBlockRow * kBlockRows, 0, firstBlockColumn * kBlockColumns, 0};
    covered.rowCount = std::min((lastBlockRow + 1) * kBlockRows, rows()) - covered.firstRow;
    covered.columnCount = std::min((lastBlockColumn + 1) * kBlockColumns, cols()) - covered.firstColumn;
    return Tile(covered, view_, 0, 0);
}

std::string BufferSource::origin() const
{
    return view_->buffer() ? view_->buffer()->exporterType() : std::string();
}

std::string BufferSource::readOnlyReason() const
{
    return view_->buffer() ? view_->buffer()->readOnlyReason() : std::string();
}

std::optional<Tile> BufferSource::tryTile(const CellRange& range) const
{
    return residentTile(range, true);
}

std::optional<Tile> BufferSource::cachedTile(const CellRange& range) const
{
    return residentTile(range, false);
}

Tile BufferSource::tile(const CellRange& range)
{
    return wholeTile(range);
}

void BufferSource::write(std::int64_t r, std::int64_t c, std::span<const std::byte> bytes)
{
    requireInside(CellRange{r, 1, c, 1});
    if (bytes.size() != static_cast<std::size_t>(view_->columnType(c).itemSize))
        throw BufferAccessError(BufferAccessError::Reason::ItemType,
                                std::to_string(bytes.size()) + " bytes do not make one " + view_->columnType(c).name +
                                    " (" + std::to_string(view_->columnType(c).itemSize) + " bytes)");
    std::byte* target = view_->writablePointer(r, c); // throws on a read-only buffer
    const auto lock = cell_memory::lockForWriting();  // an export may be reading (cell_memory_lock.h)
    std::memcpy(target, bytes.data(), bytes.size());
}

std::string BufferSource::maskReadOnlyReason() const
{
    if (!view_->hasMask())
        return ArraySource::maskReadOnlyReason();
    if (view_->isReadOnly())
        return readOnlyReason();
    if (view_->maskBuffer()->isReadOnly())
        return "the mask of this masked array is read-only";
    return {};
}

void BufferSource::writeMask(std::int64_t r, std::int64_t c, bool masked)
{
    requireInside(CellRange{r, 1, c, 1});
    if (const std::string reason = maskReadOnlyReason(); !reason.empty())
        throw BufferAccessError(BufferAccessError::Reason::ReadOnly, reason);
    std::byte* target = view_->writableMaskPointer(r, c);
    const auto lock = cell_memory::lockForWriting();
    *target = std::byte{static_cast<unsigned char>(masked ? 1 : 0)};
}

} // namespace arraylens
