// SPDX-License-Identifier: MIT
#include "core/buffer_source.h"

#include "core/cell_memory_lock.h"
#include "core/errors.h"
#include "core/py_buffer.h"

#include <cstring>

namespace arraylens {

BufferSource::BufferSource(StridedView view) : view_(std::make_shared<const StridedView>(std::move(view))) {}

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
    requireInside(range);
    return Tile(CellRange{0, rows(), 0, cols()}, view_, 0, 0);
}

Tile BufferSource::tile(const CellRange& range)
{
    return *tryTile(range);
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
