// SPDX-License-Identifier: MIT
// libFuzzer target: the cell codec. Input: one byte choosing a dtype row and
// byte order, one byte choosing display options, then either cell text or
// raw element bytes. Properties:
//  - parse() accepts the text (then format → parse gives the same bytes) or
//    throws CellTextError;
//  - any element's bytes format in every display style without overrunning
//    kMaxTextSize, and the shortest text parses back to the same bits.
#include "core/cell_codec.h"
#include "core/errors.h"

#include <cstdlib>
#include <cstring>
#include <string>

using namespace arraylens;

namespace {

bool isNan(const std::byte* p, const ElementFormat& format)
{
    // NaN loses its payload and sign in text ("nan"), as in Python.
    const std::string text = CellCodec::format(p, format);
    return text.find("nan") != std::string::npos;
}

bool sameValue(const std::byte* a, const std::byte* b, const ElementFormat& format)
{
    if (format.itemType == ItemType::Bool)
        return (std::to_integer<int>(a[0]) != 0) == (std::to_integer<int>(b[0]) != 0);
    if (format.itemType == ItemType::LongDouble || format.itemType == ItemType::ComplexLongDouble) {
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
    const DtypeRow& row = rows[data[0] % rows.size()];
    const bool bigEndian = data[0] & 0x80;
    const std::string format = (bigEndian ? ">" : "") + std::string(row.code);
    ElementFormat element;
    try {
        element = DtypeTable::parse(format, row.itemSize);
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
        if (parsed.size != element.itemSize)
            std::abort();
        if (!isNan(parsed.bytes.data(), element)) {
            const std::string text = CellCodec::format(parsed.bytes.data(), element);
            const ElementBytes again = CellCodec::parse(text, element);
            if (!sameValue(parsed.bytes.data(), again.bytes.data(), element))
                std::abort();
        }
    } catch (const CellTextError&) {
    }

    // 2. Bytes in.
    if (rest.size() >= static_cast<std::size_t>(element.itemSize)) {
        const auto* bytes = reinterpret_cast<const std::byte*>(rest.data());
        std::string styled(CellCodec::kMaxTextSize + 1, '\0');
        const char* end = CellCodec::write(styled.data(), bytes, element, options);
        if (end < styled.data() || static_cast<std::size_t>(end - styled.data()) > CellCodec::kMaxTextSize)
            std::abort();
        if (!isNan(bytes, element)) {
            const std::string shortest = CellCodec::format(bytes, element);
            try {
                const ElementBytes back = CellCodec::parse(shortest, element);
                if (!sameValue(bytes, back.bytes.data(), element))
                    std::abort();
            } catch (const CellTextError&) {
                std::abort(); // what we write, we must read
            }
        }
    }
    return 0;
}
