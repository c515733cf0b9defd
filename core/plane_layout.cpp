// SPDX-License-Identifier: MIT
#include "core/plane_layout.h"

#include "core/errors.h"
#include "core/tuple_text.h"

namespace arraylens {

namespace {

// A selection StridedView's public constructor may have been handed by
// anyone: every index it names must be inside the axis, or cells would be
// addressed outside the buffer.
void checkSelection(const AxisSelection& axis, std::size_t k, std::int64_t extent)
{
    const std::string where = " on axis " + std::to_string(k) + " with size " + std::to_string(extent);
    if (axis.fixed) {
        if (axis.start < 0 || axis.start >= extent)
            throw SliceError("index " + std::to_string(axis.start) + " is out of bounds" + where);
        return;
    }
    if (axis.count < 0)
        throw SliceError("a selection of " + std::to_string(axis.count) + " elements" + where);
    if (axis.count == 0)
        return;
    std::int64_t last = 0;
    if (axis.start < 0 || axis.start >= extent || __builtin_mul_overflow(axis.count - 1, axis.step, &last) ||
        __builtin_add_overflow(axis.start, last, &last) || last < 0 || last >= extent)
        throw SliceError("a selection of " + std::to_string(axis.count) + " elements from " +
                         std::to_string(axis.start) + " in steps of " + std::to_string(axis.step) +
                         " leaves the axis" + where);
}

} // namespace

PlaneLayout::PlaneLayout(const BufferLayout& layout, std::vector<AxisSelection> axes, bool transpose)
    : layout_(&layout), axes_(std::move(axes))
{
    const auto& shape = layout.shape();
    if (axes_.size() != shape.size())
        throw SliceError("the selection has " + std::to_string(axes_.size()) + " axes, the buffer " +
                         std::to_string(shape.size()));
    std::vector<int> kept;
    for (std::size_t k = 0; k < axes_.size(); ++k) {
        checkSelection(axes_[k], k, shape[k]);
        if (!axes_[k].fixed)
            kept.push_back(static_cast<int>(k));
    }
    if (kept.size() > 2)
        throw SliceError("the selection keeps " + std::to_string(kept.size()) + " axes of shape " + tupleText(shape) +
                         "; a grid shows at most 2: fix the others with an index, e.g. '" +
                         SliceSpec::planeExample(shape.size()) + "'");
    rowAxis_ = kept.size() > 0 ? kept[0] : -1;
    colAxis_ = kept.size() > 1 ? kept[1] : -1;
    if (transpose)
        std::swap(rowAxis_, colAxis_);
    if (rowAxis_ >= 0)
        rowSel_ = axes_[static_cast<std::size_t>(rowAxis_)];
    if (colAxis_ >= 0)
        colSel_ = axes_[static_cast<std::size_t>(colAxis_)];
    rows_ = rowSel_.count;
    cols_ = colSel_.count;

    const auto& strides = layout.strides();
    indirect_ = layout.hasSuboffsets();
    // With two or more elements |step| × stride is at most the axis's reach,
    // which the layout checked fits; with one, the stride is never used (and
    // step may be huge).
    rowStride_ = rowAxis_ >= 0 && rows_ > 1 ? rowSel_.step * strides[static_cast<std::size_t>(rowAxis_)] : 0;
    colStride_ = colAxis_ >= 0 && cols_ > 1 ? colSel_.step * strides[static_cast<std::size_t>(colAxis_)] : 0;
    if (rows_ > 0 && cols_ > 0 && !indirect_) {
        std::vector<std::int64_t> first(axes_.size());
        for (std::size_t k = 0; k < axes_.size(); ++k)
            first[k] = axes_[k].start;
        base_ = layout.elementPointer(first);
    }
}

std::int64_t PlaneLayout::indexOn(std::size_t k, std::int64_t r, std::int64_t c) const
{
    if (static_cast<int>(k) == rowAxis_)
        return rowSel_.indexAt(r);
    if (static_cast<int>(k) == colAxis_)
        return colSel_.indexAt(c);
    return axes_[k].start;
}

std::vector<std::int64_t> PlaneLayout::sourceIndex(std::int64_t r, std::int64_t c) const
{
    std::vector<std::int64_t> index(axes_.size());
    for (std::size_t k = 0; k < axes_.size(); ++k)
        index[k] = indexOn(k, r, c);
    return index;
}

const std::byte* PlaneLayout::indirectPointer(std::int64_t r, std::int64_t c) const
{
    // Axis by axis, with no index array: as many dimensions as the layout has.
    const std::byte* p = layout_->base();
    for (std::size_t k = 0; k < axes_.size(); ++k)
        p = layout_->advance(p, k, indexOn(k, r, c));
    return p;
}

} // namespace arraylens
