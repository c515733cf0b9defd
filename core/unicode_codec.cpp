// SPDX-License-Identifier: MIT
#include "core/unicode_codec.h"

#include "core/cell_text.h"
#include "core/errors.h"
#include "core/text_sink.h"

#include <bit>
#include <cstring>
#include <string>
#include <vector>

namespace arraylens {

namespace {

char* putUtf8(char* out, char32_t c)
{
    // A code point no text can hold (a surrogate, above U+10FFFF) shows as
    // U+FFFD; the bytes stay as they are unless the cell is edited.
    if ((c >= 0xd800 && c <= 0xdfff) || c > 0x10ffff)
        c = 0xfffd;
    if (c < 0x80) {
        *out++ = static_cast<char>(c);
    } else if (c < 0x800) {
        *out++ = static_cast<char>(0xc0 | (c >> 6));
        *out++ = static_cast<char>(0x80 | (c & 0x3f));
    } else if (c < 0x10000) {
        *out++ = static_cast<char>(0xe0 | (c >> 12));
        *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        *out++ = static_cast<char>(0x80 | (c & 0x3f));
    } else {
        *out++ = static_cast<char>(0xf0 | (c >> 18));
        *out++ = static_cast<char>(0x80 | ((c >> 12) & 0x3f));
        *out++ = static_cast<char>(0x80 | ((c >> 6) & 0x3f));
        *out++ = static_cast<char>(0x80 | (c & 0x3f));
    }
    return out;
}

// Decodes strict UTF-8 (no overlong forms, no surrogates); false on bad input.
bool decodeUtf8(std::string_view text, std::vector<char32_t>& points)
{
    for (std::size_t i = 0; i < text.size();) {
        const auto lead = static_cast<unsigned char>(text[i]);
        int extra = 0;
        char32_t c = 0;
        if (lead < 0x80) {
            c = lead;
        } else if ((lead & 0xe0) == 0xc0) {
            extra = 1;
            c = lead & 0x1f;
        } else if ((lead & 0xf0) == 0xe0) {
            extra = 2;
            c = lead & 0x0f;
        } else if ((lead & 0xf8) == 0xf0) {
            extra = 3;
            c = lead & 0x07;
        } else {
            return false;
        }
        if (i + static_cast<std::size_t>(extra) >= text.size() && extra != 0)
            return false;
        for (int k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
            if ((next & 0xc0) != 0x80)
                return false;
            c = (c << 6) | (next & 0x3f);
        }
        constexpr char32_t kSmallest[] = {0, 0x80, 0x800, 0x10000};
        if (c < kSmallest[extra] || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return false;
        points.push_back(c);
        i += static_cast<std::size_t>(extra) + 1;
    }
    return true;
}

} // namespace

char32_t UnicodeCodec::codePoint(const std::byte* p, std::size_t i) const
{
    std::uint32_t c;
    std::memcpy(&c, p + 4 * i, 4);
    return swapped_ ? __builtin_bswap32(c) : c;
}

void UnicodeCodec::format(const std::byte* p, TextSink& out, const DisplayOptions&) const
{
    std::size_t length = length_;
    while (length > 0 && codePoint(p, length - 1) == 0)
        --length;
    char* text = out.reserve(4 * length);
    for (std::size_t i = 0; i < length; ++i)
        text = putUtf8(text, codePoint(p, i));
    out.commit(text);
}

void UnicodeCodec::parse(std::string_view text, std::byte* out) const
{
    std::vector<char32_t> points;
    if (!decodeUtf8(text, points))
        throw CellTextError("the text is not valid UTF-8; a U field holds Unicode text");
    if (points.size() > length_)
        throw CellTextError(quotedCellText(text) + " is " + std::to_string(points.size()) +
                            " characters long; this field holds at most " + std::to_string(length_) + " (U" +
                            std::to_string(length_) + ")");
    points.resize(length_, 0);
    for (std::size_t i = 0; i < length_; ++i) {
        const std::uint32_t c = swapped_ ? __builtin_bswap32(static_cast<std::uint32_t>(points[i])) : static_cast<std::uint32_t>(points[i]);
        std::memcpy(out + 4 * i, &c, 4);
    }
}

bool UnicodeCodec::mayNeedQuotes(char) const
{
    return true; // any character may be in a text field
}

} // namespace arraylens
