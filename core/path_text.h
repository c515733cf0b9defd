// SPDX-License-Identifier: MIT
#pragma once

// Paths are bytes (DESIGN.md decision 10): a file name need not be UTF-8, and
// two different names must never become the same text. These functions carry
// such bytes through text and show them in messages.

#include <string>
#include <string_view>

namespace arraylens {

/// UTF-8 bytes as UTF-16 text, each byte that is not part of valid UTF-8
/// kept as the lone surrogate U+DC00 + byte, as Python's "surrogateescape"
/// does (so `caf\xe9.py` becomes "caf\udce9.py", as os.fsdecode gives it).
/// encodeSurrogateEscape() gives the same bytes back, whatever they were.
[[nodiscard]] std::u16string decodeSurrogateEscape(std::string_view bytes);

/// The inverse of decodeSurrogateEscape(): text as UTF-8, the lone surrogates
/// U+DC80..U+DCFF as the bytes 0x80..0xFF. Any other lone surrogate (which
/// decoding never makes) becomes U+FFFD.
[[nodiscard]] std::string encodeSurrogateEscape(std::u16string_view text);

/// A path as one line of UTF-8 for a message: valid UTF-8 as it is, every
/// other byte and every control character as \xNN (Python's
/// "backslashreplace" for bytes). Never fails, never "<unprintable>".
[[nodiscard]] std::string printablePath(std::string_view bytes);

} // namespace arraylens
