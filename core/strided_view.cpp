// SPDX-License-Identifier: MIT
#include "core/strided_view.h"

#include "core/py_buffer.h"

namespace arraylens {

StridedView::StridedView(std::shared_ptr<PyBuffer> buffer, const SliceSpec& slice, bool transpose)
    : StridedView(buffer, slice.resolve(buffer->shape()), transpose)
{
}

StridedView::StridedView(std::shared_ptr<PyBuffer> buffer, std::vector<AxisSelection> axes, bool transpose)
    : buffer_(std::move(buffer)), plane_(buffer_->layout(), std::move(axes), transpose),
      format_(buffer_->elementFormat())
{
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

} // namespace arraylens
