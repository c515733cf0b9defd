// SPDX-License-Identifier: MIT
#include "core/array_source.h"

#include "core/errors.h"

namespace arraylens {

void ArraySource::requireInside(const CellRange& range) const
{
    const bool inside = range.firstRow >= 0 && range.firstColumn >= 0 && range.rowCount >= 0 &&
                        range.columnCount >= 0 && range.firstRow <= rows() - range.rowCount &&
                        range.firstColumn <= cols() - range.columnCount;
    if (!inside)
        throw SliceError("cells [" + std::to_string(range.firstRow) + ", " + std::to_string(range.firstColumn) +
                         "] + " + std::to_string(range.rowCount) + " × " + std::to_string(range.columnCount) +
                         " lie outside the " + std::to_string(rows()) + " × " + std::to_string(cols()) + " source");
}

std::string ArraySource::maskReadOnlyReason() const
{
    return "this array has no mask: only a numpy.ma.MaskedArray has cells to mask";
}

void ArraySource::writeMask(std::int64_t r, std::int64_t c, bool /*masked*/)
{
    requireInside(CellRange{r, 1, c, 1});
    throw BufferAccessError(BufferAccessError::Reason::ReadOnly, maskReadOnlyReason());
}

} // namespace arraylens
