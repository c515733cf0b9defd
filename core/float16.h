// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <type_traits>

namespace arraylens {

/// IEEE 754 binary16 (NumPy's float16, format 'e'), stored as its bits.
/// GCC 12 has no std::float16_t; conversions here are exact where the value
/// fits and round to nearest, ties to even, otherwise.
struct Float16 {
    std::uint16_t bits = 0;

    [[nodiscard]] static Float16 fromBits(std::uint16_t bits) { return Float16{bits}; }
    /// Rounds to nearest even; values beyond the largest finite half become ±inf.
    [[nodiscard]] static Float16 fromDouble(double value);
    [[nodiscard]] double toDouble() const;

    friend bool operator==(Float16, Float16) = default;
};

/// A float in a type that std::isnan, std::isinf and comparisons take: a
/// half as its double (exact), other floats as they are (a long double is
/// not narrowed: its range exceeds a double's).
template <class F>
auto widenedFloat(F value)
{
    if constexpr (std::is_same_v<F, Float16>)
        return value.toDouble();
    else
        return value;
}

} // namespace arraylens
