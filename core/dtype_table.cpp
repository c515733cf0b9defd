// SPDX-License-Identifier: MIT
#include "core/dtype_table.h"

#include "core/errors.h"

#include <array>
#include <bit>
#include <cctype>

namespace arraylens {

namespace {

// Native sizes on this platform (x86-64 Linux, LP64); 'l' and 'q' are both
// int64, as NumPy exports int64 as 'l' and longlong as 'q'.
constexpr std::array kRows{
    DtypeRow{"?", ItemType::Bool, "bool", "bool", 1, "Bool"},
    DtypeRow{"b", ItemType::Int8, "int8", "std::int8_t", 1, "SByte"},
    DtypeRow{"B", ItemType::UInt8, "uint8", "std::uint8_t", 1, "Byte"},
    DtypeRow{"h", ItemType::Int16, "int16", "std::int16_t", 2, "Short"},
    DtypeRow{"H", ItemType::UInt16, "uint16", "std::uint16_t", 2, "UShort"},
    DtypeRow{"i", ItemType::Int32, "int32", "std::int32_t", 4, "Int"},
    DtypeRow{"I", ItemType::UInt32, "uint32", "std::uint32_t", 4, "UInt"},
    DtypeRow{"l", ItemType::Int64, "int64", "std::int64_t", 8, "Long"},
    DtypeRow{"L", ItemType::UInt64, "uint64", "std::uint64_t", 8, "ULong"},
    DtypeRow{"q", ItemType::Int64, "int64", "long long", 8, "Long"},
    DtypeRow{"Q", ItemType::UInt64, "uint64", "unsigned long long", 8, "ULong"},
    DtypeRow{"n", ItemType::Int64, "int64", "Py_ssize_t", 8, "SSize"},
    DtypeRow{"N", ItemType::UInt64, "uint64", "std::size_t", 8, "Size"},
    DtypeRow{"e", ItemType::Float16, "float16", "arraylens::Float16", 2, "Half"},
    DtypeRow{"f", ItemType::Float32, "float32", "float", 4, "Float"},
    DtypeRow{"d", ItemType::Float64, "float64", "double", 8, "Double"},
    DtypeRow{"g", ItemType::LongDouble, "longdouble", "long double", 16, "LongDouble"},
    DtypeRow{"Zf", ItemType::Complex64, "complex64", "std::complex<float>", 8, "ComplexFloat"},
    DtypeRow{"Zd", ItemType::Complex128, "complex128", "std::complex<double>", 16, "ComplexDouble"},
    DtypeRow{"Zg", ItemType::ComplexLongDouble, "clongdouble", "std::complex<long double>", 32, "ComplexLongDouble"},
};

struct TypeFacts {
    std::string_view name;
    ItemKind kind;
    int size;
};

constexpr TypeFacts facts(ItemType type)
{
    switch (type) {
    case ItemType::Bool: return {"bool", ItemKind::Bool, 1};
    case ItemType::Int8: return {"int8", ItemKind::SignedInteger, 1};
    case ItemType::Int16: return {"int16", ItemKind::SignedInteger, 2};
    case ItemType::Int32: return {"int32", ItemKind::SignedInteger, 4};
    case ItemType::Int64: return {"int64", ItemKind::SignedInteger, 8};
    case ItemType::UInt8: return {"uint8", ItemKind::UnsignedInteger, 1};
    case ItemType::UInt16: return {"uint16", ItemKind::UnsignedInteger, 2};
    case ItemType::UInt32: return {"uint32", ItemKind::UnsignedInteger, 4};
    case ItemType::UInt64: return {"uint64", ItemKind::UnsignedInteger, 8};
    case ItemType::Float16: return {"float16", ItemKind::Float, 2};
    case ItemType::Float32: return {"float32", ItemKind::Float, 4};
    case ItemType::Float64: return {"float64", ItemKind::Float, 8};
    case ItemType::LongDouble: return {"longdouble", ItemKind::Float, 16};
    case ItemType::Complex64: return {"complex64", ItemKind::Complex, 8};
    case ItemType::Complex128: return {"complex128", ItemKind::Complex, 16};
    case ItemType::ComplexLongDouble: return {"clongdouble", ItemKind::Complex, 32};
    }
    return {"?", ItemKind::Bool, 0};
}

ItemType integerOfSize(bool isSigned, std::int64_t size)
{
    switch (size) {
    case 1: return isSigned ? ItemType::Int8 : ItemType::UInt8;
    case 2: return isSigned ? ItemType::Int16 : ItemType::UInt16;
    case 4: return isSigned ? ItemType::Int32 : ItemType::UInt32;
    default: return isSigned ? ItemType::Int64 : ItemType::UInt64;
    }
}

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
    if (body.starts_with("T{"))
        what = "structured (record) dtypes";
    else if (body == "O")
        what = "Python object arrays";
    else if (body.ends_with("s") || body.ends_with("p") || body == "c")
        what = "byte-string (S) dtypes";
    else if (body.ends_with("w") || body == "u")
        what = "unicode-string (U) dtypes";
    else if (body == "P")
        what = "pointer (void *) elements";
    else if (body.ends_with("x"))
        what = "padding bytes";
    else if (!body.empty() && std::isdigit(static_cast<unsigned char>(body.front())))
        what = "repeat counts and sub-arrays";
    else if (body.starts_with("("))
        what = "sub-array formats";
    else
        what = "this element format";
    return "format '" + std::string(format) + "' is not supported: ArrayLens does not read " + what;
}

} // namespace

std::span<const DtypeRow> DtypeTable::rows()
{
    return kRows;
}

const DtypeRow* DtypeTable::find(std::string_view code)
{
    for (const DtypeRow& row : kRows)
        if (row.code == code)
            return &row;
    return nullptr;
}

ElementFormat DtypeTable::parse(std::string_view format, std::int64_t itemSize)
{
    std::string_view body = format.empty() ? std::string_view("B") : format;
    ElementFormat result;
    char prefix = 0;
    if (std::string_view("@=^<>!").find(body.front()) != std::string_view::npos) {
        prefix = body.front();
        body.remove_prefix(1);
    }
    switch (prefix) {
    case '<': result.byteOrder = ByteOrder::Little; break;
    case '>': case '!': result.byteOrder = ByteOrder::Big; break;
    default: result.byteOrder = ByteOrder::Native; break; // none, '@', '=', '^' (native, unaligned)
    }
    const bool standardSizes = prefix != 0 && prefix != '@' && prefix != '^';
    const DtypeRow* row = find(body);
    if (!row)
        throw FormatError(describeUnsupported(format, body));
    result.row = row;

    const ItemKind rowKind = kind(row->itemType);
    if (rowKind == ItemKind::SignedInteger || rowKind == ItemKind::UnsignedInteger) {
        // Width comes from the exporter's itemsize: '<l' is 4 bytes by the struct
        // module's standard sizes but 8 from older ctypes; both occur.
        const int standard = standardIntegerSize(body.front());
        const bool fits = itemSize == row->itemSize || (standardSizes && standard != 0 && itemSize == standard);
        if (!fits)
            throw FormatError("format '" + std::string(format) + "' says " + std::string(row->numpyName) + " (" +
                              std::to_string(row->itemSize) + " bytes) but the buffer's itemsize is " +
                              std::to_string(itemSize));
        result.itemType = integerOfSize(rowKind == ItemKind::SignedInteger, itemSize);
    } else {
        if (itemSize != row->itemSize)
            throw FormatError("format '" + std::string(format) + "' says " + std::string(row->numpyName) + " (" +
                              std::to_string(row->itemSize) + " bytes) but the buffer's itemsize is " +
                              std::to_string(itemSize));
        result.itemType = row->itemType;
    }
    if (result.itemType != row->itemType) {
        // '<l' of 4 bytes is an int32: point at the row that describes it.
        for (const DtypeRow& candidate : kRows)
            if (candidate.itemType == result.itemType) {
                result.row = &candidate;
                break;
            }
    }
    result.itemSize = static_cast<int>(itemSize);
    const bool bigEndianHost = std::endian::native == std::endian::big;
    result.swapped = result.itemSize > 1 && rowKind != ItemKind::Bool &&
                     ((result.byteOrder == ByteOrder::Big && !bigEndianHost) ||
                      (result.byteOrder == ByteOrder::Little && bigEndianHost));
    return result;
}

std::string_view DtypeTable::name(ItemType type)
{
    return facts(type).name;
}

ItemKind DtypeTable::kind(ItemType type)
{
    return facts(type).kind;
}

int DtypeTable::sizeOf(ItemType type)
{
    return facts(type).size;
}

char DtypeTable::byteOrderChar(const ElementFormat& format)
{
    if (format.itemSize == 1 || format.itemType == ItemType::Bool)
        return '|';
    const bool little = format.byteOrder == ByteOrder::Little ||
                        (format.byteOrder == ByteOrder::Native && std::endian::native == std::endian::little);
    return little ? '<' : '>';
}

} // namespace arraylens
