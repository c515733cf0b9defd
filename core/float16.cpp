// SPDX-License-Identifier: MIT
#include "core/float16.h"

#include <bit>
#include <cmath>
#include <limits>

namespace arraylens {

double Float16::toDouble() const
{
    const bool negative = bits & 0x8000u;
    const int exponent = (bits >> 10) & 0x1f;
    const int mantissa = bits & 0x3ff;
    double magnitude;
    if (exponent == 0)
        magnitude = std::ldexp(mantissa, -24); // zero and subnormals
    else if (exponent == 31)
        magnitude = mantissa ? std::numeric_limits<double>::quiet_NaN() : HUGE_VAL;
    else
        magnitude = std::ldexp(mantissa | 0x400, exponent - 25);
    return negative ? -magnitude : magnitude;
}

Float16 Float16::fromDouble(double value)
{
    const std::uint64_t raw = std::bit_cast<std::uint64_t>(value);
    const std::uint16_t sign = static_cast<std::uint16_t>((raw >> 48) & 0x8000u);
    if (std::isnan(value))
        return {static_cast<std::uint16_t>(sign | 0x7e00u)};
    const double magnitude = std::fabs(value);
    if (std::isinf(value) || magnitude >= 65520.0) // 65520 rounds up to inf
        return {static_cast<std::uint16_t>(sign | 0x7c00u)};
    if (magnitude < std::ldexp(1.0, -14)) {
        // Subnormal range: units of 2^-24, rounded to nearest even by nearbyint
        // (the default rounding mode is to-nearest-even).
        const double units = std::nearbyint(magnitude * std::ldexp(1.0, 24));
        return {static_cast<std::uint16_t>(sign | static_cast<std::uint16_t>(units))};
    }
    int exponent = 0;
    const double fraction = std::frexp(magnitude, &exponent); // magnitude = fraction * 2^exponent, fraction in [0.5, 1)
    // 11 significant bits: scale fraction to [1024, 2048).
    double significand = std::nearbyint(std::ldexp(fraction, 11));
    if (significand >= 2048.0) {
        significand /= 2;
        ++exponent;
    }
    const int biased = exponent - 1 + 15;
    if (biased >= 31)
        return {static_cast<std::uint16_t>(sign | 0x7c00u)};
    const auto mantissa = static_cast<std::uint16_t>(static_cast<int>(significand) - 1024);
    return {static_cast<std::uint16_t>(sign | (biased << 10) | mantissa)};
}

} // namespace arraylens
