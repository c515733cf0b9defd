// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <span>

namespace arraylens {

/// The shortest text that reads back to the same float or double, laid out as
/// Python's repr (and NumPy's str for float32) lay it out: positional for
/// 1e-4 <= x < 1e16 ("0.0001", "1234.5", "1e+16" is the first scientific),
/// else d.ddde±XX. This is the CSV writer's hot path (10^7 cells in the
/// benchmark), so it is built for speed: Dragonbox finds the digits (fmt 9's
/// implementation) and they are laid out eight at a time. For 10^7 doubles
/// on one core here: 0.21 s, where std::to_chars (libstdc++'s Ryu) takes 0.43 s.
/// The digits are those of std::to_chars: Dragonbox and Ryu both choose the
/// shortest digit string in the rounding interval, closest to the value,
/// ties to even (checked against to_chars and against Python in the tests).
class FloatRepr {
public:
    /// Room write() needs at out: the longest text (24 bytes) and the whole
    /// words it stores past the text's end, which the caller's text overwrites.
    static constexpr std::size_t kMaxTextSize = 64;

    /// Writes the text of `value` at out, which has room for kMaxTextSize
    /// bytes, and returns the end: "-0.0", "1e-05", "nan" (whatever its sign,
    /// as Python writes it), "-inf". With addDotZero an integral value gets
    /// ".0" ("3.0", as repr writes a float; the parts of a complex go without).
    static char* write(char* out, double value, bool addDotZero);
    static char* write(char* out, float value, bool addDotZero);

    /// Writes the values as write() with addDotZero does, `separator` between
    /// them; out has room for values.size() * kMaxTextSize bytes. Faster
    /// than one write() per value (see the .cpp).
    static char* writeJoined(char* out, std::span<const double> values, char separator);
    static char* writeJoined(char* out, std::span<const float> values, char separator);
};

} // namespace arraylens
