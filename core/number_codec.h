// SPDX-License-Identifier: MIT
#pragma once

#include "core/element_codec.h"

#include <memory>
#include <string>

namespace arraylens {

/// The codec of the numeric C++ type T (bool, the integers, Float16, the
/// floats and their complex) in the element's byte order; `typeName` is the
/// dtype name its error messages use ("int8"). The dtype table makes these
/// for its rows; T is one of the types instantiated in number_codec.cpp.
template <class T>
[[nodiscard]] std::shared_ptr<const ElementCodec> makeNumberCodec(std::string typeName, bool swapped);

} // namespace arraylens
