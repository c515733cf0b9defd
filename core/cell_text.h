// SPDX-License-Identifier: MIT
#pragma once

// Small text helpers the element codecs share for what they read and what
// their error messages repeat.

#include <string>
#include <string_view>

namespace arraylens {

/// Text without leading and trailing blanks (space, tab, CR, LF).
[[nodiscard]] std::string_view trimmedCellText(std::string_view text);
/// Text as an error message repeats it: in quotes, cut after 40 bytes (at a
/// UTF-8 character boundary) with "…".
[[nodiscard]] std::string quotedCellText(std::string_view text);

} // namespace arraylens
