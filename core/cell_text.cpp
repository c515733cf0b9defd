// SPDX-License-Identifier: MIT
#include "core/cell_text.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <clocale>
#include <cmath>
#include <cstdlib>

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

IntegerText readIntegerText(std::string_view text)
{
    IntegerText result;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        result.negative = text.front() == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    if (text.size() > 2 && text[0] == '0') {
        const char marker = static_cast<char>(text[1] | 0x20);
        base = marker == 'x' ? 16 : marker == 'b' ? 2 : marker == 'o' ? 8 : 10;
        if (base != 10)
            text.remove_prefix(2);
    }
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), result.magnitude, base);
    result.complete = !text.empty() && end == text.data() + text.size() && ec != std::errc::invalid_argument;
    result.error = ec;
    return result;
}

// libstdc++'s from_chars for long double reports subnormals as out of range
// and leaves the value unset; strtold in the C locale returns them.
bool readRealText(std::string_view text, long double& value, bool& outOfRange)
{
    static const locale_t cLocale = newlocale(LC_ALL_MASK, "C", nullptr);
    if (text.empty() || text.find_first_of("xX \t") != std::string_view::npos)
        return false;
    const std::string copy(text);
    char* end = nullptr;
    errno = 0;
    value = strtold_l(copy.c_str(), &end, cLocale);
    outOfRange = errno == ERANGE && (value == 0 || std::isinf(value));
    return end == copy.c_str() + copy.size();
}

} // namespace arraylens
