// SPDX-License-Identifier: MIT
#pragma once

#include "core/dtype_table.h"
#include "core/slice_spec.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace arraylens {

class PyBuffer;

/// The untyped 2-D window onto a buffer that the grid, the CSV writer and the
/// command line read: (base, rows, cols, row stride, col stride) in bytes,
/// chosen by a slice (DESIGN.md decision 3). A 1-D selection is one column,
/// a 0-d one a single cell. No element is copied; the view shares ownership
/// of its PyBuffer, so the memory stays pinned while the view lives.
class StridedView {
public:
    StridedView() = default;

    /// The selection `slice` makes of `buffer`: at most two axes may remain.
    /// The first remaining axis gives the rows, the second the columns;
    /// `transpose` swaps them. Throws SliceError.
    StridedView(std::shared_ptr<PyBuffer> buffer, const SliceSpec& slice, bool transpose = false);
    /// As above with the axes already resolved (one entry per dimension).
    StridedView(std::shared_ptr<PyBuffer> buffer, std::vector<AxisSelection> axes, bool transpose = false);

    [[nodiscard]] std::int64_t rows() const { return rows_; }
    [[nodiscard]] std::int64_t cols() const { return cols_; }
    /// 0, 1 or 2: how many axes of the buffer the view keeps.
    [[nodiscard]] int keptDimensions() const { return (rowAxis_ >= 0) + (colAxis_ >= 0); }
    /// The buffer axis shown as rows (columns), or -1 when there is none.
    [[nodiscard]] int rowAxis() const { return rowAxis_; }
    [[nodiscard]] int colAxis() const { return colAxis_; }
    /// The true index along the buffer's axis of view row r (column c):
    /// what headers show.
    [[nodiscard]] std::int64_t rowLabel(std::int64_t r) const { return rowSel_.indexAt(r); }
    [[nodiscard]] std::int64_t colLabel(std::int64_t c) const { return colSel_.indexAt(c); }

    [[nodiscard]] const ElementFormat& format() const { return format_; }
    [[nodiscard]] bool isReadOnly() const;
    [[nodiscard]] const std::shared_ptr<PyBuffer>& buffer() const { return buffer_; }
    [[nodiscard]] const std::vector<AxisSelection>& axes() const { return axes_; }

    /// The element at (r, c); no bounds check (callers iterate rows()×cols()).
    [[nodiscard]] const std::byte* pointer(std::int64_t r, std::int64_t c) const
    {
        if (!indirect_)
            return base_ + r * rowStride_ + c * colStride_;
        return indirectPointer(r, c);
    }
    /// As pointer(), for writing; throws BufferAccessError on a read-only buffer.
    [[nodiscard]] std::byte* writablePointer(std::int64_t r, std::int64_t c) const;

    /// The full N-D index in the buffer of view cell (r, c).
    [[nodiscard]] std::vector<std::int64_t> sourceIndex(std::int64_t r, std::int64_t c) const;

private:
    [[nodiscard]] const std::byte* indirectPointer(std::int64_t r, std::int64_t c) const;
    /// The N-D index of view cell (r, c) into index[0 … dimensions).
    void fillIndex(std::int64_t* index, std::int64_t r, std::int64_t c) const;

    std::shared_ptr<PyBuffer> buffer_;
    std::vector<AxisSelection> axes_;
    ElementFormat format_;
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
