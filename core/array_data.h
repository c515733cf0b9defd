// SPDX-License-Identifier: MIT
#pragma once

// What a call returned, before a slice picks a plane of it: an N-D array of
// one element type, from one exported buffer (BufferData) or from a Python
// object read window by window (LazyArray). The document keeps one and asks
// it for the 2-D source of each slice it shows (DESIGN.md decision 12).

#include "core/array_source.h"
#include "core/element_type.h"
#include "core/py_object.h"
#include "core/slice_spec.h"

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace arraylens {

class PyBuffer;

class ArrayData {
public:
    virtual ~ArrayData() = default;

    /// What `obj` holds, read as a buffer (in place) or, failing that, as an
    /// array-like (LazyArray). Anything else is a PythonError whose message
    /// starts with `what` ("make() returned ", "'table' is "). GIL required.
    [[nodiscard]] static std::shared_ptr<ArrayData> fromObject(PyHandle obj, const std::string& what);

    [[nodiscard]] virtual const std::vector<std::int64_t>& shape() const = 0;
    [[nodiscard]] int dimensions() const { return static_cast<int>(shape().size()); }
    [[nodiscard]] virtual const ElementType& elementType() const = 0;
    /// Python's name of what the values come from: "numpy.ndarray", "h5py.Dataset".
    [[nodiscard]] virtual std::string origin() const = 0;
    /// True when values are fetched from Python on demand rather than read in place.
    [[nodiscard]] virtual bool isLazy() const = 0;
    /// Each axis's name ("time", "lat") where the object names them; empty otherwise.
    [[nodiscard]] virtual std::vector<std::string> axisNames() const { return {}; }
    /// The chunk extent along each axis where values are stored in chunks; empty otherwise.
    [[nodiscard]] virtual std::vector<std::int64_t> chunks() const { return {}; }
    /// True when the values are Python objects, shown (read-only) as their str().
    [[nodiscard]] virtual bool readsAsText() const { return false; }
    /// Why the values cannot be edited; empty when they can.
    [[nodiscard]] virtual std::string readOnlyReason() const = 0;

    /// The buffer the values are read from in place; null for a lazy array.
    [[nodiscard]] virtual std::shared_ptr<PyBuffer> buffer() const { return nullptr; }

    /// The 2-D source showing `slice` (rows and columns swapped by
    /// `transposed`) and record field `field` (empty: the default fields).
    /// Throws SliceError when the slice does not fit or the field does not exist.
    [[nodiscard]] virtual std::shared_ptr<ArraySource> makeSource(const SliceSpec& slice, bool transposed,
                                                                  const std::string& field) const = 0;
};

} // namespace arraylens
