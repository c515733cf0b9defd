// SPDX-License-Identifier: MIT
#include "core/strided_view.h"

#include "core/errors.h"
#include "core/py_buffer.h"
#include "core/tuple_text.h"

#include <array>

namespace arraylens {

namespace {

constexpr std::size_t kMaxDimensions = 64; // PyBUF_MAX_NDIM

} // namespace

StridedView::StridedView(std::shared_ptr<PyBuffer> buffer, const SliceSpec& slice, bool transpose)
    : StridedView(buffer, slice.resolve(buffer->shape()), transpose)
{
}

StridedView::StridedView(std::shared_ptr<PyBuffer> buffer, std::vector<AxisSelection> axes, bool transpose)
    : buffer_(std::move(buffer)), axes_(std::move(axes)), format_(buffer_->elementFormat())
{
    if (axes_.size() != buffer_->shape().size())
        throw SliceError("the selection has " + std::to_string(axes_.size()) + " axes, the buffer " +
                         std::to_string(buffer_->shape().size()));
    std::vector<int> kept;
    for (std::size_t k = 0; k < axes_.size(); ++k)
        if (!axes_[k].fixed)
            kept.push_back(static_cast<int>(k));
    if (kept.size() > 2)
        throw SliceError("the selection keeps " + std::to_string(kept.size()) + " axes of shape " +
                         tupleText(buffer_->shape()) +
                         "; a grid shows at most 2: fix the others with an index, e.g. '" +
                         SliceSpec::planeExample(buffer_->shape().size()) + "'");
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

    const auto& strides = buffer_->strides();
    indirect_ = buffer_->hasSuboffsets();
    // With two or more elements step * stride spans memory the buffer has, so
    // it fits; with one, the stride is never used (and step may be huge).
    rowStride_ = rowAxis_ >= 0 && rows_ > 1 ? rowSel_.step * strides[static_cast<std::size_t>(rowAxis_)] : 0;
    colStride_ = colAxis_ >= 0 && cols_ > 1 ? colSel_.step * strides[static_cast<std::size_t>(colAxis_)] : 0;
    if (rows_ > 0 && cols_ > 0 && !indirect_) {
        std::vector<std::int64_t> first(axes_.size());
        for (std::size_t k = 0; k < axes_.size(); ++k)
            first[k] = axes_[k].start;
        base_ = buffer_->elementPointer(first);
    }
}

bool StridedView::isReadOnly() const
{
    return !buffer_ || buffer_->isReadOnly();
}

std::byte* StridedView::writablePointer(std::int64_t r, std::int64_t c) const
{
    buffer_->requireWritable();
    // The buffer is writable, so the exporter handed out mutable memory.
    return const_cast<std::byte*>(pointer(r, c));
}

std::vector<std::int64_t> StridedView::sourceIndex(std::int64_t r, std::int64_t c) const
{
    std::vector<std::int64_t> index(axes_.size());
    fillIndex(index.data(), r, c);
    return index;
}

void StridedView::fillIndex(std::int64_t* index, std::int64_t r, std::int64_t c) const
{
    for (std::size_t k = 0; k < axes_.size(); ++k)
        index[k] = axes_[k].start;
    if (rowAxis_ >= 0)
        index[static_cast<std::size_t>(rowAxis_)] = rowSel_.indexAt(r);
    if (colAxis_ >= 0)
        index[static_cast<std::size_t>(colAxis_)] = colSel_.indexAt(c);
}

const std::byte* StridedView::indirectPointer(std::int64_t r, std::int64_t c) const
{
    std::array<std::int64_t, kMaxDimensions> index{};
    fillIndex(index.data(), r, c);
    return buffer_->elementPointer(std::span<const std::int64_t>(index.data(), axes_.size()));
}

} // namespace arraylens
