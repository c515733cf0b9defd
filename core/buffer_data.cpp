// SPDX-License-Identifier: MIT
#include "core/buffer_data.h"

#include "core/buffer_source.h"
#include "core/py_buffer.h"

namespace arraylens {

BufferData::BufferData(std::shared_ptr<PyBuffer> buffer) : buffer_(std::move(buffer)) {}

const std::vector<std::int64_t>& BufferData::shape() const
{
    return buffer_->shape();
}

const ElementType& BufferData::elementType() const
{
    return buffer_->elementType();
}

std::string BufferData::origin() const
{
    return buffer_->exporterType();
}

std::string BufferData::readOnlyReason() const
{
    return buffer_->readOnlyReason();
}

std::shared_ptr<ArraySource> BufferData::makeSource(const SliceSpec& slice, bool transposed,
                                                    const std::string& field) const
{
    return std::make_shared<BufferSource>(StridedView(buffer_, slice, transposed, field));
}

} // namespace arraylens
