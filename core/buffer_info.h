// SPDX-License-Identifier: MIT
#pragma once

#include <string>

namespace arraylens {

class PyBuffer;

/// The buffer's metadata as one JSON object (the --info contract of
/// DESIGN.md): format, dtype, cpp_type, itemsize, ndim, shape, strides,
/// readonly, byteorder, c_contiguous, f_contiguous, suboffsets, plus the
/// exporter's type. Reads only what PyBuffer copied: no GIL needed.
[[nodiscard]] std::string bufferInfoJson(const PyBuffer& buffer);

} // namespace arraylens
