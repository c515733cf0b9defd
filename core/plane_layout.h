// SPDX-License-Identifier: MIT
#pragma once

#include "core/buffer_layout.h"
#include "core/slice_spec.h"

#include <cstdint>
#include <vector>

namespace arraylens {

/// The 2-D plane a resolved selection makes of a BufferLayout (DESIGN.md
/// decision 3): cell (r, c) is at base + r × row stride + c × col stride in
/// bytes, or, with PIL-style suboffsets, at the end of a walk through the
/// exporter's pointers. This is StridedView's addressing, kept free of Python
/// so that the buffer-fields fuzzer runs the very same code on bare layouts.
///
/// Borrows the layout, which must outlive the plane (StridedView keeps the
/// PyBuffer that owns it). The selection is checked against the shape, so on
/// a checked layout every cell lies where the layout's elements lie.
class PlaneLayout {
public:
    PlaneLayout() = default; ///< no cells

    /// `axes` has one entry per dimension; at most two may be kept (not
    /// fixed): the first gives the rows, the second the columns, swapped by
    /// `transpose`. Throws SliceError for more kept axes or a selection
    /// outside the shape.
    PlaneLayout(const BufferLayout& layout, std::vector<AxisSelection> axes, bool transpose);

    [[nodiscard]] std::int64_t rows() const { return rows_; }
    [[nodiscard]] std::int64_t cols() const { return cols_; }
    /// 0, 1 or 2: how many axes of the buffer the plane keeps.
    [[nodiscard]] int keptDimensions() const { return (rowAxis_ >= 0) + (colAxis_ >= 0); }
    /// The buffer axis shown as rows (columns), or -1 when there is none.
    [[nodiscard]] int rowAxis() const { return rowAxis_; }
    [[nodiscard]] int colAxis() const { return colAxis_; }
    /// The index along the buffer's axis of row r (column c).
    [[nodiscard]] std::int64_t rowLabel(std::int64_t r) const { return rowSel_.indexAt(r); }
    [[nodiscard]] std::int64_t colLabel(std::int64_t c) const { return colSel_.indexAt(c); }
    [[nodiscard]] const std::vector<AxisSelection>& axes() const { return axes_; }

    /// The element at (r, c); no bounds check (callers iterate rows()×cols()).
    [[nodiscard]] const std::byte* pointer(std::int64_t r, std::int64_t c) const
    {
        if (!indirect_)
            return base_ + r * rowStride_ + c * colStride_;
        return indirectPointer(r, c);
    }

    /// True with PIL-style suboffsets: cells are not at an affine offset
    /// (a reader must ask pointer() for each one).
    [[nodiscard]] bool isIndirect() const { return indirect_; }

    /// The full N-D index in the buffer of cell (r, c).
    [[nodiscard]] std::vector<std::int64_t> sourceIndex(std::int64_t r, std::int64_t c) const;

private:
    [[nodiscard]] const std::byte* indirectPointer(std::int64_t r, std::int64_t c) const;
    /// The index along axis k of cell (r, c).
    [[nodiscard]] std::int64_t indexOn(std::size_t k, std::int64_t r, std::int64_t c) const;

    const BufferLayout* layout_ = nullptr;
    std::vector<AxisSelection> axes_;
    AxisSelection rowSel_{true, 0, 1, 1};
    AxisSelection colSel_{true, 0, 1, 1};
    int rowAxis_ = -1;
    int colAxis_ = -1;
    std::int64_t rows_ = 0;
    std::int64_t cols_ = 0;
    const std::byte* base_ = nullptr;
    std::int64_t rowStride_ = 0;
    std::int64_t colStride_ = 0;
    bool indirect_ = false; ///< PIL-style suboffsets: no affine formula
};

} // namespace arraylens
