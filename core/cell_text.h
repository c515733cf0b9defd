// SPDX-License-Identifier: MIT
#pragma once

// Small text helpers the element codecs share for what they read and what
// their error messages repeat.

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

namespace arraylens {

/// Text without leading and trailing blanks (space, tab, CR, LF).
[[nodiscard]] std::string_view trimmedCellText(std::string_view text);
/// Text as an error message repeats it: in quotes, cut after 40 bytes (at a
/// UTF-8 character boundary) with "…".
[[nodiscard]] std::string quotedCellText(std::string_view text);

/// A whole number's text as integer cells take it: an optional sign, then
/// decimal digits, or 0x, 0b, 0o and digits in that base.
struct IntegerText {
    bool negative = false;
    std::uint64_t magnitude = 0;
    /// Digits throughout (and at least one); false for "", "1.5", "abc".
    bool complete = false;
    /// std::errc::result_out_of_range when the magnitude exceeds 2^64 - 1.
    std::errc error = std::errc();
};
/// Reads `text` (already trimmed) as an IntegerText.
[[nodiscard]] IntegerText readIntegerText(std::string_view text);

/// Reads all of `text` as a real number in the C locale (nan, inf and
/// subnormals included; no hexadecimal, no blanks) into `value`; false when
/// it is not one. `outOfRange`: beyond the long double range (value is then
/// ±inf) or below its smallest step (value 0).
bool readRealText(std::string_view text, long double& value, bool& outOfRange);

} // namespace arraylens
