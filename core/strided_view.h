// SPDX-License-Identifier: MIT
#pragma once

#include "core/dtype_table.h"
#include "core/plane_layout.h"
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
/// of its PyBuffer, so the memory stays pinned while the view lives. The
/// addressing itself is a PlaneLayout over the buffer's checked layout.
class StridedView {
public:
    StridedView() = default;

    /// The selection `slice` makes of `buffer`: at most two axes may remain.
    /// The first remaining axis gives the rows, the second the columns;
    /// `transpose` swaps them. Throws SliceError.
    StridedView(std::shared_ptr<PyBuffer> buffer, const SliceSpec& slice, bool transpose = false);
    /// As above with the axes already resolved (one entry per dimension,
    /// each inside the shape, or SliceError).
    StridedView(std::shared_ptr<PyBuffer> buffer, std::vector<AxisSelection> axes, bool transpose = false);

    [[nodiscard]] std::int64_t rows() const { return plane_.rows(); }
    [[nodiscard]] std::int64_t cols() const { return plane_.cols(); }
    /// 0, 1 or 2: how many axes of the buffer the view keeps.
    [[nodiscard]] int keptDimensions() const { return plane_.keptDimensions(); }
    /// The buffer axis shown as rows (columns), or -1 when there is none.
    [[nodiscard]] int rowAxis() const { return plane_.rowAxis(); }
    [[nodiscard]] int colAxis() const { return plane_.colAxis(); }
    /// The true index along the buffer's axis of view row r (column c):
    /// what headers show.
    [[nodiscard]] std::int64_t rowLabel(std::int64_t r) const { return plane_.rowLabel(r); }
    [[nodiscard]] std::int64_t colLabel(std::int64_t c) const { return plane_.colLabel(c); }

    [[nodiscard]] const ElementFormat& format() const { return format_; }
    [[nodiscard]] bool isReadOnly() const;
    [[nodiscard]] const std::shared_ptr<PyBuffer>& buffer() const { return buffer_; }
    [[nodiscard]] const std::vector<AxisSelection>& axes() const { return plane_.axes(); }

    /// The element at (r, c); no bounds check (callers iterate rows()×cols()).
    [[nodiscard]] const std::byte* pointer(std::int64_t r, std::int64_t c) const { return plane_.pointer(r, c); }
    /// As pointer(), for writing; throws BufferAccessError on a read-only buffer.
    [[nodiscard]] std::byte* writablePointer(std::int64_t r, std::int64_t c) const;

    /// The full N-D index in the buffer of view cell (r, c).
    [[nodiscard]] std::vector<std::int64_t> sourceIndex(std::int64_t r, std::int64_t c) const
    {
        return plane_.sourceIndex(r, c);
    }

private:
    std::shared_ptr<PyBuffer> buffer_;
    PlaneLayout plane_; ///< borrows buffer_'s layout
    ElementFormat format_;
};

} // namespace arraylens
