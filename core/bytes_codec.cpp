// SPDX-License-Identifier: MIT
#include "core/bytes_codec.h"

#include "core/cell_text.h"
#include "core/errors.h"
#include "core/text_sink.h"

#include <cstring>
#include <string>
#include <vector>

namespace arraylens {

namespace {

constexpr char kHexDigits[] = "0123456789abcdef";

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace

void BytesCodec::format(const std::byte* p, TextSink& out, const DisplayOptions&) const
{
    std::size_t length = size_;
    while (length > 0 && p[length - 1] == std::byte{0})
        --length;
    char* text = out.reserve(4 * length);
    for (std::size_t i = 0; i < length; ++i) {
        const auto byte = std::to_integer<unsigned char>(p[i]);
        if (byte == '\\') {
            *text++ = '\\';
            *text++ = '\\';
        } else if (byte >= 0x20 && byte < 0x7f) {
            *text++ = static_cast<char>(byte);
        } else {
            *text++ = '\\';
            *text++ = 'x';
            *text++ = kHexDigits[byte >> 4];
            *text++ = kHexDigits[byte & 0xf];
        }
    }
    out.commit(text);
}

void BytesCodec::parse(std::string_view text, std::byte* out) const
{
    std::vector<std::byte> bytes;
    bytes.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x80)
            throw CellTextError(quotedCellText(text) + " holds a non-ASCII character; an S field holds bytes: type a byte "
                                              "above 127 as \\xNN");
        if (c != '\\') {
            bytes.push_back(std::byte{c});
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '\\') {
            bytes.push_back(std::byte{'\\'});
            ++i;
            continue;
        }
        if (i + 3 < text.size() && text[i + 1] == 'x' && hexValue(text[i + 2]) >= 0 && hexValue(text[i + 3]) >= 0) {
            bytes.push_back(std::byte{static_cast<unsigned char>(hexValue(text[i + 2]) * 16 + hexValue(text[i + 3]))});
            i += 3;
            continue;
        }
        throw CellTextError(quotedCellText(text) + " has a backslash that starts no escape; type a backslash as \\\\ and a "
                                          "byte as \\xNN (two hex digits)");
    }
    if (bytes.size() > size_)
        throw CellTextError(quotedCellText(text) + " is " + std::to_string(bytes.size()) + " bytes long; this field holds at most " +
                            std::to_string(size_) + " (S" + std::to_string(size_) + ")");
    bytes.resize(size_, std::byte{0});
    if (size_ != 0)
        std::memcpy(out, bytes.data(), size_);
}

bool BytesCodec::mayNeedQuotes(char) const
{
    return true; // a quote or the delimiter is printable ASCII, shown as is
}

} // namespace arraylens
