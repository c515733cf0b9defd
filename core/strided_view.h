// SPDX-License-Identifier: MIT
#pragma once

#include "core/element_type.h"
#include "core/plane_layout.h"
#include "core/slice_spec.h"

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace arraylens {

class PyBuffer;

/// The untyped 2-D window onto a buffer that the grid, the CSV writer and the
/// command line read: (base, rows, cols, row stride, col stride) in bytes,
/// chosen by a slice (DESIGN.md decision 3). A 1-D selection is one column,
/// a 0-d one a single cell. No element is copied; the view shares ownership
/// of its PyBuffer, so the memory stays pinned while the view lives. The
/// addressing itself is a PlaneLayout over the buffer's checked layout.
///
/// Every column has its own element type, byte offset and header
/// (DESIGN.md decision 11): a record array seen as one column of records
/// shows one column per leaf field ("pos.x", "v[1]"); a plane of records
/// shows one field, chosen by name. Other arrays have one type throughout.
class StridedView {
public:
    StridedView() = default;

    /// The selection `slice` makes of `buffer`: at most two axes may remain.
    /// The first remaining axis gives the rows, the second the columns;
    /// `transpose` swaps them. `field` picks record fields by name (a leaf,
    /// or a structure or sub-array holding several); empty means all fields
    /// when the plane has one column and the first field otherwise. Throws
    /// SliceError, also for an unknown field (the message lists the fields).
    StridedView(std::shared_ptr<PyBuffer> buffer, const SliceSpec& slice, bool transpose = false,
                std::string_view field = {});
    /// As above with the axes already resolved (one entry per dimension,
    /// each inside the shape, or SliceError).
    StridedView(std::shared_ptr<PyBuffer> buffer, std::vector<AxisSelection> axes, bool transpose = false,
                std::string_view field = {});

    [[nodiscard]] std::int64_t rows() const { return plane_.rows(); }
    [[nodiscard]] std::int64_t cols() const { return plane_.cols() * fieldCount(); }
    /// 0, 1 or 2: how many axes of the buffer the view keeps.
    [[nodiscard]] int keptDimensions() const { return plane_.keptDimensions(); }
    /// The buffer axis shown as rows (columns), or -1 when there is none.
    [[nodiscard]] int rowAxis() const { return plane_.rowAxis(); }
    [[nodiscard]] int colAxis() const { return plane_.colAxis(); }
    /// The true index along the buffer's axis of view row r (column c):
    /// what headers show.
    [[nodiscard]] std::int64_t rowLabel(std::int64_t r) const { return plane_.rowLabel(r); }
    [[nodiscard]] std::int64_t colLabel(std::int64_t c) const { return plane_.colLabel(c / fieldCount()); }
    /// The header of column c: its true index, or its record field's name.
    [[nodiscard]] std::string columnHeader(std::int64_t c) const;

    /// The element type of the buffer (a record for record arrays).
    [[nodiscard]] const ElementType& elementType() const;
    /// The element type of column c's cells.
    [[nodiscard]] const ElementType& columnType(std::int64_t c) const { return field(c).type; }
    /// True when every column has the same type and offset (no record fields).
    [[nodiscard]] bool isUniform() const { return fields_.size() == 1 && !elementType().isRecord(); }
    /// Column types repeat every columnPeriod() columns (the fields shown
    /// per plane column; 1 for arrays without fields).
    [[nodiscard]] std::int64_t columnPeriod() const { return fieldCount(); }
    /// The record fields shown as columns, in order (for a record plane, the
    /// one chosen); empty for other arrays.
    [[nodiscard]] std::vector<std::string> shownFields() const;
    /// The name the view was asked for ("" when none was).
    [[nodiscard]] const std::string& fieldName() const { return fieldName_; }

    [[nodiscard]] bool isReadOnly() const;
    [[nodiscard]] const std::shared_ptr<PyBuffer>& buffer() const { return buffer_; }
    [[nodiscard]] const std::vector<AxisSelection>& axes() const { return plane_.axes(); }
    [[nodiscard]] bool isTransposed() const { return transposed_; }

    /// Cell (r, c): its element, or its field inside the record; no bounds
    /// check (callers iterate rows()×cols()).
    [[nodiscard]] const std::byte* pointer(std::int64_t r, std::int64_t c) const
    {
        if (fields_.size() == 1)
            return plane_.pointer(r, c) + fields_.front().offset;
        return plane_.pointer(r, c / fieldCount()) + field(c).offset;
    }
    /// Where column c's cells lie inside their element: its record field's
    /// offset, 0 without fields.
    [[nodiscard]] std::int64_t columnOffset(std::int64_t c) const { return field(c).offset; }
    /// Column c's record field's full name ("pos.x"); empty without fields.
    [[nodiscard]] const std::string& columnFieldName(std::int64_t c) const { return field(c).name; }
    /// As pointer(), for writing; throws BufferAccessError on a read-only buffer.
    [[nodiscard]] std::byte* writablePointer(std::int64_t r, std::int64_t c) const;

    /// True when the buffer is a masked array: cells can be masked.
    [[nodiscard]] bool hasMask() const { return mask_ != nullptr; }
    /// Whether cell (r, c) is masked (false without a mask). A record array's
    /// mask is a record of bools with the same fields (numpy.ma's
    /// make_mask_descr): a field's cell reads its own mask field.
    [[nodiscard]] bool isMasked(std::int64_t r, std::int64_t c) const
    {
        return mask_ && *maskPointer(r, c) != std::byte{0};
    }
    /// The mask byte of cell (r, c) (non-zero: masked); only with a mask.
    [[nodiscard]] const std::byte* maskPointer(std::int64_t r, std::int64_t c) const
    {
        return maskPlane_.pointer(r, c / fieldCount()) + maskOffset(c);
    }
    /// True when cells (or mask bytes) are not at an affine offset from
    /// cell (0, 0): PIL-style suboffsets (PlaneLayout::isIndirect).
    [[nodiscard]] bool isIndirect() const { return plane_.isIndirect() || (mask_ && maskPlane_.isIndirect()); }
    /// The mask byte of cell (r, c), for writing; throws BufferAccessError
    /// without a mask or when the mask is read-only.
    [[nodiscard]] std::byte* writableMaskPointer(std::int64_t r, std::int64_t c) const;
    [[nodiscard]] const std::shared_ptr<PyBuffer>& maskBuffer() const { return mask_; }

    /// The full N-D index in the buffer of view cell (r, c).
    [[nodiscard]] std::vector<std::int64_t> sourceIndex(std::int64_t r, std::int64_t c) const
    {
        return plane_.sourceIndex(r, c / fieldCount());
    }

private:
    [[nodiscard]] std::int64_t fieldCount() const { return static_cast<std::int64_t>(fields_.size()); }
    [[nodiscard]] const RecordField& field(std::int64_t c) const
    {
        return fields_.size() == 1 ? fields_.front() : fields_[static_cast<std::size_t>(c % fieldCount())];
    }
    /// Where column c's mask byte lies inside one element of the mask.
    [[nodiscard]] std::int64_t maskOffset(std::int64_t c) const
    {
        return maskOffsets_.size() == 1 ? maskOffsets_.front() : maskOffsets_[static_cast<std::size_t>(c % fieldCount())];
    }
    void chooseFields(std::string_view field);
    void placeMaskFields();

    std::shared_ptr<PyBuffer> buffer_;
    PlaneLayout plane_; ///< borrows buffer_'s layout
    std::shared_ptr<PyBuffer> mask_;
    PlaneLayout maskPlane_; ///< borrows mask_'s layout
    /// One entry per column of a plane column: the element itself at offset
    /// 0 for arrays without fields, the shown leaf fields of a record.
    std::vector<RecordField> fields_;
    /// One entry per entry of fields_: the offset of its bool in a mask
    /// element (0 for a plain bool mask, which masks whole elements).
    std::vector<std::int64_t> maskOffsets_;
    std::string fieldName_;
    bool transposed_ = false;
};

} // namespace arraylens
