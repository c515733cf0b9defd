// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace arraylens {

class ArrayData;
class PyBuffer;

/// The buffer's metadata as one JSON object (the --info contract of
/// DESIGN.md): format, dtype, cpp_type, itemsize, ndim, shape, strides,
/// readonly, byteorder, c_contiguous, f_contiguous, suboffsets, plus the
/// exporter's type. Reads only what PyBuffer copied: no GIL needed.
[[nodiscard]] std::string bufferInfoJson(const PyBuffer& buffer);

/// What a call returned as one JSON object: "source" (Python's type, e.g.
/// "h5py.Dataset") and "lazy" first; then bufferInfoJson's fields for a
/// buffer, or for a lazy array dtype, cpp_type, itemsize, ndim, shape,
/// chunks, readonly (and readonly_reason), byteorder, dims, fields.
[[nodiscard]] std::string arrayInfoJson(const ArrayData& array);

} // namespace arraylens
