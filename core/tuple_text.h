// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace arraylens {

/// A shape or strides as Python writes a tuple: "(2, 3)", "(5,)", "()".
[[nodiscard]] std::string tupleText(std::span<const std::int64_t> values);

} // namespace arraylens
