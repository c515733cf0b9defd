// SPDX-License-Identifier: MIT
// libFuzzer target: the element codecs. Input: one byte choosing an element
// type (a dtype row, a string, bytes, a date or duration unit) and byte
// order, one byte choosing display options, then either cell text or raw
// element bytes. Properties:
//  - parse() accepts the text (then format → parse gives the same bytes) or
//    throws CellTextError;
//  - any element's bytes format in every display style, and the exact text
//    parses back to the same bits.
#include "core/cell_codec.h"
#include "core/dtype_table.h"
#include "core/errors.h"
#include "core/text_sink.h"

#include <vector>

#include <cstdlib>
#include <cstring>
#include <string>

using namespace arraylens;

namespace {

// Formats beyond the scalar rows, with their itemsizes.
const std::pair<const char*, int> kFamilies[] = {
    {"7s", 7}, {"c", 1}, {"5w", 20}, {"<M8[Y]", 8}, {"<M8[M]", 8}, {"<M8[W]", 8}, {"<M8[D]", 8}, {"<M8[h]", 8},
    {"<M8[m]", 8}, {"<M8[s]", 8}, {"<M8[ms]", 8}, {"<M8[us]", 8}, {"<M8[ns]", 8}, {"<M8[ps]", 8}, {"<M8[fs]", 8},
    {"<M8[as]", 8}, {"<m8[s]", 8}, {"<m8[ns]", 8},
};

// Text that does not read back as the same bytes, by design: NaN loses its
// payload and sign ("nan", as in Python); a code point no text can hold
// (a surrogate in a U field) shows as U+FFFD.
bool isLossyText(const std::byte* p, const ElementType& type)
{
    const std::string text = CellCodec::format(p, type);
    if (type.kind == ElementKind::Text)
        return text.find("\xef\xbf\xbd") != std::string::npos;
    return type.isNumeric() && text.find("nan") != std::string::npos;
}

bool sameValue(const std::byte* a, const std::byte* b, const ElementType& format)
{
    if (format.kind == ElementKind::Bool)
        return (std::to_integer<int>(a[0]) != 0) == (std::to_integer<int>(b[0]) != 0);
    if ((format.kind == ElementKind::Float || format.kind == ElementKind::Complex) &&
        format.itemSize >= static_cast<int>(sizeof(long double))) {
        // x87 long double has several encodings of one value (pseudo-denormals)
        // and padding bytes: compare values, through their exact text.
        return CellCodec::format(a, format) == CellCodec::format(b, format);
    }
    return std::memcmp(a, b, static_cast<std::size_t>(format.itemSize)) == 0;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2)
        return 0;
    const auto rows = DtypeTable::rows();
    const std::size_t choice = data[0] & 0x7f;
    const bool bigEndian = data[0] & 0x80;
    std::string code;
    int itemSize = 0;
    if (choice < rows.size()) {
        code = rows[choice].code;
        itemSize = rows[choice].itemSize;
    } else {
        const auto& [familyCode, familySize] = kFamilies[(choice - rows.size()) % std::size(kFamilies)];
        code = familyCode;
        itemSize = familySize;
        if (code.front() == '<')
            code.erase(0, 1);
    }
    const std::string format = (bigEndian ? ">" : "") + code;
    ElementType element;
    try {
        element = DtypeTable::parse(format, itemSize);
    } catch (const FormatError&) {
        return 0;
    }
    DisplayOptions options;
    options.floatStyle = static_cast<DisplayOptions::FloatStyle>(data[1] % 3);
    options.precision = (data[1] >> 2) % 64;
    options.hexIntegers = data[1] & 0x80;
    const std::string_view rest(reinterpret_cast<const char*>(data + 2), size - 2);

    // 1. Text in.
    try {
        const ElementBytes parsed = CellCodec::parse(rest, element);
        if (parsed.size() != static_cast<std::size_t>(element.itemSize))
            std::abort();
        if (!isLossyText(parsed.data(), element)) {
            const std::string text = CellCodec::format(parsed.data(), element);
            const ElementBytes again = CellCodec::parse(text, element);
            if (!sameValue(parsed.data(), again.data(), element))
                std::abort();
        }
    } catch (const CellTextError&) {
    }

    // 2. Bytes in.
    if (rest.size() >= static_cast<std::size_t>(element.itemSize)) {
        const auto* bytes = reinterpret_cast<const std::byte*>(rest.data());
        TextSink styled;
        element.codec->format(bytes, styled, options);
        if (styled.empty() && element.isNumeric())
            std::abort(); // every number has text
        if (!isLossyText(bytes, element)) {
            const std::string shortest = CellCodec::format(bytes, element);
            try {
                const ElementBytes back = CellCodec::parse(shortest, element);
                if (!sameValue(bytes, back.data(), element))
                    std::abort();
            } catch (const CellTextError&) {
                std::abort(); // what we write, we must read
            }
        }
    }
    return 0;
}
