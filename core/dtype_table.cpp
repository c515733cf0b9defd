// SPDX-License-Identifier: MIT
#include "core/dtype_table.h"

#include "core/bytes_codec.h"
#include "core/datetime_codec.h"
#include "core/errors.h"
#include "core/number_codec.h"
#include "core/struct_format.h"
#include "core/unicode_codec.h"

#include <array>
#include <bit>
#include <cctype>
#include <charconv>
#include <limits>
#include <vector>

namespace arraylens {

namespace {

using K = ElementKind;

// Native sizes on this platform (x86-64 Linux, LP64); 'l' and 'q' are both
// int64, as NumPy exports int64 as 'l' and longlong as 'q'.
constexpr std::array kRows{
    DtypeRow{"?", K::Bool, "bool", "bool", 1, "Bool", &makeNumberCodec<bool>},
    DtypeRow{"b", K::SignedInteger, "int8", "std::int8_t", 1, "SByte", &makeNumberCodec<std::int8_t>},
    DtypeRow{"B", K::UnsignedInteger, "uint8", "std::uint8_t", 1, "Byte", &makeNumberCodec<std::uint8_t>},
    DtypeRow{"h", K::SignedInteger, "int16", "std::int16_t", 2, "Short", &makeNumberCodec<std::int16_t>},
    DtypeRow{"H", K::UnsignedInteger, "uint16", "std::uint16_t", 2, "UShort", &makeNumberCodec<std::uint16_t>},
    DtypeRow{"i", K::SignedInteger, "int32", "std::int32_t", 4, "Int", &makeNumberCodec<std::int32_t>},
    DtypeRow{"I", K::UnsignedInteger, "uint32", "std::uint32_t", 4, "UInt", &makeNumberCodec<std::uint32_t>},
    DtypeRow{"l", K::SignedInteger, "int64", "std::int64_t", 8, "Long", &makeNumberCodec<std::int64_t>},
    DtypeRow{"L", K::UnsignedInteger, "uint64", "std::uint64_t", 8, "ULong", &makeNumberCodec<std::uint64_t>},
    DtypeRow{"q", K::SignedInteger, "int64", "long long", 8, "Long", &makeNumberCodec<std::int64_t>},
    DtypeRow{"Q", K::UnsignedInteger, "uint64", "unsigned long long", 8, "ULong", &makeNumberCodec<std::uint64_t>},
    DtypeRow{"n", K::SignedInteger, "int64", "Py_ssize_t", 8, "SSize", &makeNumberCodec<std::int64_t>},
    DtypeRow{"N", K::UnsignedInteger, "uint64", "std::size_t", 8, "Size", &makeNumberCodec<std::uint64_t>},
    DtypeRow{"e", K::Float, "float16", "arraylens::Float16", 2, "Half", &makeNumberCodec<Float16>},
    DtypeRow{"f", K::Float, "float32", "float", 4, "Float", &makeNumberCodec<float>},
    DtypeRow{"d", K::Float, "float64", "double", 8, "Double", &makeNumberCodec<double>},
    DtypeRow{"g", K::Float, "longdouble", "long double", 16, "LongDouble", &makeNumberCodec<long double>},
    DtypeRow{"Zf", K::Complex, "complex64", "std::complex<float>", 8, "ComplexFloat", &makeNumberCodec<std::complex<float>>},
    DtypeRow{"Zd", K::Complex, "complex128", "std::complex<double>", 16, "ComplexDouble",
             &makeNumberCodec<std::complex<double>>},
    DtypeRow{"Zg", K::Complex, "clongdouble", "std::complex<long double>", 32, "ComplexLongDouble",
             &makeNumberCodec<std::complex<long double>>},
};

// The struct module's "standard" size of an integer code (with = < > !).
int standardIntegerSize(char code)
{
    switch (code) {
    case 'b': case 'B': case '?': return 1;
    case 'h': case 'H': return 2;
    case 'i': case 'I': case 'l': case 'L': return 4;
    case 'q': case 'Q': return 8;
    default: return 0;
    }
}

std::string describeUnsupported(std::string_view format, std::string_view body)
{
    std::string what;
    if (body == "O")
        what = "Python object arrays";
    else if (body == "P")
        what = "pointer (void *) elements";
    else if (body.ends_with("x"))
        what = "padding bytes alone";
    else
        what = "this element format";
    return "format '" + std::string(format) + "' is not supported: ArrayLens does not read " + what;
}

[[noreturn]] void sizeMismatch(std::string_view format, std::string_view says, std::int64_t expected, std::int64_t itemSize)
{
    throw FormatError("format '" + std::string(format) + "' says " + std::string(says) + " (" + std::to_string(expected) +
                      " bytes) but the buffer's itemsize is " + std::to_string(itemSize));
}

bool needsSwap(ByteOrder order)
{
    const bool bigEndianHost = std::endian::native == std::endian::big;
    return (order == ByteOrder::Big && !bigEndianHost) || (order == ByteOrder::Little && bigEndianHost);
}

// "10" of "10s"; 1 for no count; -1 when the count is not a number.
std::int64_t countOf(std::string_view digits)
{
    if (digits.empty())
        return 1;
    std::int64_t count = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), count);
    return ec == std::errc() && end == digits.data() + digits.size() ? count : -1;
}

// The row of a kind and size ("int32" for a 4-byte signed integer), or null.
const DtypeRow* rowOfShape(ElementKind kind, int size)
{
    for (const DtypeRow& row : kRows)
        if (row.kind == kind && row.itemSize == size)
            return &row;
    return nullptr;
}

ElementType scalarType(const DtypeRow& row, std::string_view format, std::string_view body, ByteOrder order,
                       bool standardSizes, std::int64_t itemSize)
{
    const DtypeRow* described = &row;
    if (row.kind == K::SignedInteger || row.kind == K::UnsignedInteger) {
        // Width comes from the exporter's itemsize: '<l' is 4 bytes by the struct
        // module's standard sizes but 8 from older ctypes; both occur.
        const int standard = standardIntegerSize(body.front());
        if (itemSize != row.itemSize && !(standardSizes && standard != 0 && itemSize == standard))
            sizeMismatch(format, row.numpyName, row.itemSize, itemSize);
        if (itemSize != row.itemSize) // '<l' of 4 bytes is an int32: point at the row that describes it
            described = rowOfShape(row.kind, static_cast<int>(itemSize));
    } else if (itemSize != row.itemSize) {
        sizeMismatch(format, row.numpyName, row.itemSize, itemSize);
    }
    ElementType type;
    type.kind = row.kind;
    type.itemSize = static_cast<int>(itemSize);
    type.byteOrder = order;
    type.swapped = type.itemSize > 1 && row.kind != K::Bool && needsSwap(order);
    type.name = described->numpyName;
    type.cppType = described->cppType;
    type.row = described;
    type.codec = described->makeCodec(type.name, type.swapped);
    return type;
}

// A fixed-length string of `count` units: bytes (S) or UCS-4 code points (U).
ElementType fixedStringType(const FormatText& format, std::int64_t count, bool isText, std::int64_t itemSize)
{
    const std::int64_t unit = isText ? 4 : 1;
    const std::string says = (isText ? "U" : "S") + std::to_string(count);
    if (count > itemSize / unit) // before multiplying: a count of 19 digits times 4 overflows
        throw FormatError("format '" + std::string(format.whole) + "' says " + says + " (" + std::to_string(count) +
                          " × " + std::to_string(unit) + " bytes) but the buffer's itemsize is " +
                          std::to_string(itemSize));
    if (count * unit != itemSize)
        sizeMismatch(format.whole, says, count * unit, itemSize);
    ElementType type;
    type.kind = isText ? K::Text : K::Bytes;
    type.itemSize = static_cast<int>(itemSize);
    type.byteOrder = isText ? format.order : ByteOrder::Native;
    type.swapped = isText && needsSwap(format.order);
    type.name = says;
    type.cppType = std::string(isText ? "char32_t[" : "char[") + std::to_string(count) + "]";
    if (isText)
        type.codec = std::make_shared<UnicodeCodec>(static_cast<std::size_t>(count), type.swapped);
    else
        type.codec = std::make_shared<BytesCodec>(static_cast<std::size_t>(count));
    return type;
}

// "Ns" bytes, or "c": one byte.
std::optional<ElementType> bytesType(const FormatText& format, std::int64_t itemSize)
{
    const std::string_view body = format.body;
    if (body == "c")
        return fixedStringType(format, 1, false, itemSize);
    if (body.empty() || body.back() != 's')
        return std::nullopt;
    const std::int64_t count = countOf(body.substr(0, body.size() - 1));
    return count < 0 ? std::nullopt : std::optional(fixedStringType(format, count, false, itemSize));
}

// "Nw" UCS-4 text; "u" (wchar_t, which ctypes' c_wchar exports) is UCS-4 on
// Linux, as wide as "w".
std::optional<ElementType> unicodeType(const FormatText& format, std::int64_t itemSize)
{
    static_assert(sizeof(wchar_t) == 4, "'u' is read as UCS-4");
    const std::string_view body = format.body;
    if (body.empty() || (body.back() != 'w' && body.back() != 'u'))
        return std::nullopt;
    const std::int64_t count = countOf(body.substr(0, body.size() - 1));
    return count < 0 ? std::nullopt : std::optional(fixedStringType(format, count, true, itemSize));
}

// NumPy's array-interface spelling of dates: "M8[ms]", "m8[s]".
std::optional<ElementType> dateType(const FormatText& text, std::int64_t itemSize)
{
    const std::string_view format = text.whole;
    const std::string_view body = text.body;
    const ByteOrder order = text.order;
    if (body.size() < 4 || (body[0] != 'M' && body[0] != 'm') || body[1] != '8' || body[2] != '[' || body.back() != ']')
        return std::nullopt;
    const bool duration = body[0] == 'm';
    const std::string_view unitText = body.substr(3, body.size() - 4);
    const auto unit = DateTimeCodec::unitNamed(unitText);
    const std::string name = std::string(duration ? "timedelta64[" : "datetime64[") + std::string(unitText) + "]";
    if (!unit)
        throw FormatError("format '" + std::string(format) + "' is not supported: ArrayLens reads " +
                          (duration ? "timedelta64" : "datetime64") +
                          " in one of the units Y M W D h m s ms us ns ps fs as, not '" + std::string(unitText) + "'");
    if (itemSize != 8)
        sizeMismatch(format, name, 8, itemSize);
    ElementType type;
    type.kind = duration ? K::TimeDelta : K::DateTime;
    type.itemSize = 8;
    type.byteOrder = order;
    type.swapped = needsSwap(order);
    type.name = name;
    type.cppType = "std::int64_t";
    type.codec = std::make_shared<DateTimeCodec>(*unit, duration, type.swapped);
    return type;
}

std::optional<ElementType> recordType(const FormatText& text, std::int64_t itemSize)
{
    const std::string_view format = text.whole;
    if (!isStructFormat(format))
        return std::nullopt;
    const StructFormat record = parseStructFormat(format);
    // NumPy leaves a record's trailing padding out of the format (an aligned
    // dtype, explicit offsets, an itemsize set larger): the fields end
    // before the record does. And for a packed dtype in an array whose
    // strides happen to suit native alignment (one element, a broadcast)
    // it writes no '=', so native rules pad 'T{f:t:H:n:}' to 8 bytes where
    // the record has 6. Only fields reaching past the record are a lie.
    std::int64_t fieldsEnd = 0;
    for (const StructField& leaf : record.fields)
        fieldsEnd = std::max(fieldsEnd, leaf.offset + leaf.itemSize);
    if (fieldsEnd > itemSize)
        sizeMismatch(format, "a record", record.itemSize, itemSize);
    auto fields = std::make_shared<std::vector<RecordField>>();
    fields->reserve(record.fields.size());
    for (const StructField& leaf : record.fields) {
        ElementType leafType = DtypeTable::parse(leaf.format, leaf.itemSize);
        if (leafType.isRecord())
            throw FormatError("format '" + std::string(format) + "': field '" + leaf.name + "' is not a leaf");
        fields->push_back(RecordField{leaf.name, leaf.offset, std::move(leafType)});
    }
    if (fields->empty())
        throw FormatError("format '" + std::string(format) + "' is a record with no fields; there is nothing to show");
    ElementType type;
    type.kind = K::Record;
    type.itemSize = static_cast<int>(itemSize);
    type.name = "void" + std::to_string(itemSize * 8);
    type.cppType = "struct (" + std::to_string(fields->size()) + " fields, " + std::to_string(itemSize) + " bytes)";
    type.fields = std::move(fields);
    return type;
}

// Asked in this order after the scalar rows. Dates before records: the 8 of
// "M8[ms]" would read as a repeat count.
const std::array kFamilies{
    DtypeFamily{K::DateTime, "<M8[ms]", "datetime64[ms]", "std::int64_t", "numpy.datetime_as_string text; NaT",
                &dateType},
    DtypeFamily{K::TimeDelta, "<m8[s]", "timedelta64[s]", "std::int64_t", "the count in its unit; NaT", &dateType},
    DtypeFamily{K::Record, "T{<d:x:<d:y:}", "void16", "struct", "records: one column per leaf field", &recordType},
    DtypeFamily{K::Bytes, "10s", "S10", "char[10]", "bytes: printable ASCII as is, \\\\, \\xNN; trailing NULs dropped",
                &bytesType},
    DtypeFamily{K::Text, "10w", "U10", "char32_t[10]", "text (UCS-4), shown and edited as UTF-8", &unicodeType},
};

} // namespace

std::span<const DtypeRow> DtypeTable::rows()
{
    return kRows;
}

std::span<const DtypeFamily> DtypeTable::families()
{
    return kFamilies;
}

const DtypeRow* DtypeTable::find(std::string_view code)
{
    for (const DtypeRow& row : kRows)
        if (row.code == code)
            return &row;
    return nullptr;
}

ElementType DtypeTable::parse(std::string_view format, std::int64_t itemSize)
{
    // ElementType::itemSize is an int, as NumPy's dtype.itemsize is: an
    // exporter's larger itemsize would be cut short, and nothing that large
    // is one element of a NumPy array.
    if (itemSize < 0 || itemSize > std::numeric_limits<int>::max())
        throw FormatError("format '" + std::string(format) + "' comes with itemsize " + std::to_string(itemSize) +
                          "; ArrayLens reads elements of 0 to " + std::to_string(std::numeric_limits<int>::max()) +
                          " bytes");
    std::string_view body = format.empty() ? std::string_view("B") : format;
    const std::string_view whole = body;
    char prefix = 0;
    // The record parser reads prefixes itself, field by field: `whole` keeps them.
    if (std::string_view("@=^<>!|").find(body.front()) != std::string_view::npos) {
        prefix = body.front();
        body.remove_prefix(1);
    }
    ByteOrder order = ByteOrder::Native; // none, '@', '=', '^' (native, unaligned), '|' (not applicable)
    if (prefix == '<')
        order = ByteOrder::Little;
    else if (prefix == '>' || prefix == '!')
        order = ByteOrder::Big;
    const bool standardSizes = prefix != 0 && prefix != '@' && prefix != '^';
    if (const DtypeRow* row = find(body))
        return scalarType(*row, format, body, order, standardSizes, itemSize);
    const FormatText text{whole, body, order};
    for (const DtypeFamily& family : kFamilies)
        if (auto type = family.make(text, itemSize))
            return std::move(*type);
    throw FormatError(describeUnsupported(format, body));
}

std::string_view DtypeTable::nameOf(ScalarShape shape)
{
    const DtypeRow* row = rowOfShape(shape.kind, shape.size);
    return row ? row->numpyName : "an unknown type";
}

char DtypeTable::byteOrderChar(const ElementType& type)
{
    if (type.itemSize == 1 || type.kind == K::Bool || type.kind == K::Bytes || type.kind == K::Record)
        return '|';
    const bool little = type.byteOrder == ByteOrder::Little ||
                        (type.byteOrder == ByteOrder::Native && std::endian::native == std::endian::little);
    return little ? '<' : '>';
}

} // namespace arraylens
