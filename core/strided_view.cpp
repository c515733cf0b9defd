// SPDX-License-Identifier: MIT
#include "core/strided_view.h"

#include "core/errors.h"
#include "core/py_buffer.h"

#include <algorithm>

namespace arraylens {

namespace {

const ElementType& noElements()
{
    static const ElementType none;
    return none;
}

// "pos" holds "pos.x" and "v" holds "v[0]": a structure or sub-array by its name.
bool isWithin(std::string_view leaf, std::string_view name)
{
    return leaf == name || (leaf.size() > name.size() && leaf.starts_with(name) &&
                            (leaf[name.size()] == '.' || leaf[name.size()] == '['));
}

std::string fieldList(const std::vector<RecordField>& fields)
{
    std::string list;
    constexpr std::size_t kListed = 40;
    for (std::size_t i = 0; i < fields.size() && i < kListed; ++i)
        list += (i ? ", " : "") + fields[i].name;
    if (fields.size() > kListed)
        list += ", … (" + std::to_string(fields.size()) + " in all)";
    return list;
}

} // namespace

StridedView::StridedView(std::shared_ptr<PyBuffer> buffer, const SliceSpec& slice, bool transpose, std::string_view field)
    : StridedView(buffer, slice.resolve(buffer->shape()), transpose, field)
{
}

StridedView::StridedView(std::shared_ptr<PyBuffer> buffer, std::vector<AxisSelection> axes, bool transpose,
                         std::string_view field)
    : buffer_(std::move(buffer)), plane_(buffer_->layout(), axes, transpose), mask_(buffer_->mask()),
      transposed_(transpose)
{
    if (mask_)
        maskPlane_ = PlaneLayout(mask_->layout(), std::move(axes), transpose);
    chooseFields(field);
    placeMaskFields();
}

void StridedView::placeMaskFields()
{
    maskOffsets_.assign(fields_.size(), 0);
    if (!mask_ || !mask_->elementType().isRecord())
        return;
    // PyBuffer::acquire checked that the mask has a bool field of every name.
    const std::vector<RecordField>& maskFields = *mask_->elementType().fields;
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        const auto found = std::find_if(maskFields.begin(), maskFields.end(),
                                        [&](const RecordField& f) { return f.name == fields_[i].name; });
        if (found == maskFields.end())
            throw SliceError("the mask of this masked array has no field '" + fields_[i].name + "'");
        maskOffsets_[i] = found->offset;
    }
}

void StridedView::chooseFields(std::string_view name)
{
    const ElementType& type = buffer_->elementType();
    fieldName_ = std::string(name);
    if (!type.isRecord()) {
        if (!name.empty())
            throw SliceError("the array has no fields to choose '" + std::string(name) + "' from: its dtype is " +
                             type.name);
        fields_ = {RecordField{"", 0, type}};
        return;
    }
    const std::vector<RecordField>& all = *type.fields;
    if (name.empty()) {
        // A plane of records shows one field at a time; a column of records all.
        if (plane_.keptDimensions() < 2)
            fields_ = all;
        else
            fields_ = {all.front()};
        return;
    }
    fields_.clear();
    for (const RecordField& leaf : all)
        if (isWithin(leaf.name, name))
            fields_.push_back(leaf);
    if (fields_.empty())
        throw SliceError("the record has no field '" + std::string(name) + "'; its fields are: " + fieldList(all));
    if (fields_.size() > 1 && plane_.keptDimensions() == 2)
        throw SliceError("field '" + std::string(name) + "' holds " + std::to_string(fields_.size()) +
                         " fields; a 2-D plane of records shows one at a time: " + fieldList(fields_));
}

const ElementType& StridedView::elementType() const
{
    return buffer_ ? buffer_->elementType() : noElements();
}

std::vector<std::string> StridedView::shownFields() const
{
    std::vector<std::string> names;
    if (elementType().isRecord())
        for (const RecordField& f : fields_)
            names.push_back(f.name);
    return names;
}

std::string StridedView::columnHeader(std::int64_t c) const
{
    // A 1-D array (or a single column picked out of a plane) has no column
    // axis: its one column is the values, not index 0 of anything.
    if (!elementType().isRecord())
        return plane_.colAxis() < 0 ? std::string(kValueHeader) : std::to_string(colLabel(c));
    const std::string& name = field(c).name;
    if (plane_.cols() <= 1)
        return name;
    if (fields_.size() == 1)
        return std::to_string(colLabel(c));
    return std::to_string(colLabel(c)) + ":" + name;
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

std::byte* StridedView::writableMaskPointer(std::int64_t r, std::int64_t c) const
{
    if (!mask_)
        throw BufferAccessError(BufferAccessError::Reason::ReadOnly, "this array has no mask");
    mask_->requireWritable();
    return const_cast<std::byte*>(maskPlane_.pointer(r, c / fieldCount()) + maskOffset(c));
}

} // namespace arraylens
