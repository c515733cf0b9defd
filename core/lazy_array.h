// SPDX-License-Identifier: MIT
#pragma once

#include "core/array_data.h"
#include "core/py_object.h"

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace arraylens {

/// A Python object with `shape`, `dtype` and `__getitem__` (h5py Dataset,
/// zarr Array, dask Array, xarray DataArray, netCDF4 Variable) or a NumPy
/// object array, read window by window (`obj[r0:r1, c0:c1]`, made
/// contiguous) and never whole. The Python half is core/lazy_arrays.py.
///
/// Its element type and every slice's geometry come from a skeleton: a
/// zero-stride NumPy array of the object's shape and dtype (of str for
/// Python objects), so a lazy slice has the very shape, labels, fields and
/// errors a buffer's slice has. Python objects are shown as their str().
class LazyArray final : public ArrayData, public std::enable_shared_from_this<LazyArray> {
public:
    /// GIL required. Null when `obj` is no such array-like; throws
    /// PythonError for one that cannot be read (a dask array of unknown
    /// extents) and FormatError for an element type ArrayLens lacks.
    [[nodiscard]] static std::shared_ptr<LazyArray> open(PyHandle obj);
    ~LazyArray() override; ///< takes the GIL

    [[nodiscard]] const std::vector<std::int64_t>& shape() const override { return shape_; }
    [[nodiscard]] const ElementType& elementType() const override { return type_; }
    [[nodiscard]] std::string origin() const override { return family_; }
    [[nodiscard]] bool isLazy() const override { return true; }
    [[nodiscard]] std::vector<std::string> axisNames() const override { return axisNames_; }
    [[nodiscard]] std::string readOnlyReason() const override { return readOnlyReason_; }
    [[nodiscard]] std::shared_ptr<ArraySource> makeSource(const SliceSpec& slice, bool transposed,
                                                          const std::string& field) const override;

    [[nodiscard]] bool readsAsText() const override { return text_; }
    [[nodiscard]] std::vector<std::int64_t> chunks() const override { return chunks_; }
    /// A pandas DataFrame or Series: rows are its index labels, columns
    /// its columns (the skeleton's record fields), cells written one by one.
    [[nodiscard]] bool isTable() const { return table_; }
    /// Row r's label (the table's index label as text); empty when the
    /// labels are the positions.
    [[nodiscard]] std::string rowLabel(std::int64_t position) const
    {
        return rowLabels_.empty() ? std::string() : rowLabels_[static_cast<std::size_t>(position)];
    }
    /// Why cells of this record field cannot be edited; empty when they can.
    [[nodiscard]] std::string fieldReadOnlyReason(const std::string& field) const;
    /// The zero-stride array giving slices their geometry (no values).
    [[nodiscard]] const std::shared_ptr<PyBuffer>& skeleton() const { return skeleton_; }

    /// GIL required. The window (one selection per axis) as a detached
    /// C-contiguous copy of the kept axes, in axis order. Throws PythonError
    /// for what __getitem__ raises, InvalidBufferError when what comes back
    /// is not the window asked for.
    [[nodiscard]] std::shared_ptr<PyBuffer> fetch(const std::vector<AxisSelection>& window) const;
    /// GIL required. Stores one whole element (its bytes, in the element
    /// type's byte order) at `index` with __setitem__.
    void write(const std::vector<std::int64_t>& index, std::span<const std::byte> element) const;
    /// GIL required. Stores one cell of a table: field `field` of row `row`.
    void writeTableCell(std::int64_t row, const std::string& field, std::span<const std::byte> value) const;

private:
    LazyArray() = default;

    PyObjectRef object_;
    PyObjectRef sample_; ///< the skeleton's NumPy array
    std::shared_ptr<PyBuffer> skeleton_;
    ElementType type_;
    std::string family_;
    std::vector<std::int64_t> shape_;
    std::vector<std::int64_t> chunks_;
    std::vector<std::string> axisNames_;
    std::string readOnlyReason_;
    std::vector<std::string> rowLabels_;
    std::vector<std::string> textFields_;
    bool text_ = false;
    bool table_ = false;
};

} // namespace arraylens
