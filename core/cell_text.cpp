// SPDX-License-Identifier: MIT
#include "core/cell_text.h"

#include <algorithm>

namespace arraylens {

std::string_view trimmedCellText(std::string_view text)
{
    const auto isSpace = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    while (!text.empty() && isSpace(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isSpace(text.back()))
        text.remove_suffix(1);
    return text;
}

std::string quotedCellText(std::string_view text)
{
    constexpr std::size_t kShown = 40;
    std::size_t cut = std::min(kShown, text.size());
    while (cut < text.size() && (static_cast<unsigned char>(text[cut]) & 0xc0) == 0x80)
        ++cut; // not inside a UTF-8 sequence
    // Built by append, not operator+: GCC 12 warns falsely (-Wrestrict) on "'" + std::string.
    std::string result = "'";
    result.append(text.substr(0, cut));
    result.append(cut < text.size() ? "…'" : "'");
    return result;
}

} // namespace arraylens
