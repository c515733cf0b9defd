// SPDX-License-Identifier: MIT
#pragma once

// The one dtype table (DESIGN.md decisions 4 and 11): every element format
// ArrayLens reads, registered in one place (dtype_table.cpp) with the NumPy
// dtype name, the C++ type, the itemsize, the typed accessor names and the
// codec that reads and writes it. The format parser, --info, the dtype
// inspector and the README read these rows and nothing else; a new element
// type is one descriptor and one codec, added there.

#include "core/element_type.h"
#include "core/float16.h"

#include <complex>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace arraylens {

class ElementCodec;

/// One row of the scalar table: a format character (or 'Z' pair) as NumPy
/// and the struct module write it for native byte order.
struct DtypeRow {
    std::string_view code;         ///< "?", "b", …, "Zd"
    ElementKind kind;
    std::string_view numpyName;    ///< "bool", "int8", …
    std::string_view cppType;      ///< the C++ element type
    int itemSize;                  ///< native itemsize in bytes
    std::string_view accessorStem; ///< "Bool" → asBoolSpan, asBoolReadOnlySpan, asBoolSpan2D, asBoolReadOnlySpan2D
    /// The codec of this row's C++ type, in native or swapped byte order.
    std::shared_ptr<const ElementCodec> (*makeCodec)(std::string typeName, bool swapped);
};

/// A format split as the table reads it: "<10w" is order Little, body "10w".
struct FormatText {
    std::string_view whole;  ///< as the exporter wrote it ("B" for none)
    std::string_view body;   ///< without the leading byte-order prefix
    ByteOrder order;
};

/// One family of non-scalar element types the table registers: bytes,
/// strings, dates, records. parse() asks each in turn; the README and the
/// dtype inspector list them.
struct DtypeFamily {
    ElementKind kind;
    std::string_view format;      ///< as it appears in a format: "10s", "10w", "<M8[ms]"
    std::string_view numpyName;   ///< "S10", "U10", "datetime64[ms]"
    std::string_view cppType;
    std::string_view description;
    /// The element type `format` spells in this family, or nothing when it
    /// is not of the family; throws FormatError when it is, wrongly.
    std::optional<ElementType> (*make)(const FormatText& format, std::int64_t itemSize);
};

/// The C++ types the typed spans read: the kind and size an element must
/// have for asSpan<T>() to accept it.
struct ScalarShape {
    ElementKind kind;
    int size;
};

class DtypeTable {
public:
    [[nodiscard]] static std::span<const DtypeRow> rows();
    [[nodiscard]] static std::span<const DtypeFamily> families();
    /// The row for a format character without byte-order prefix, or null.
    [[nodiscard]] static const DtypeRow* find(std::string_view code);

    /// Parses an element format against the buffer's itemsize: a PEP 3118
    /// format ("" means "B"), records included (T{…}, nested, sub-arrays,
    /// padding, per-field byte order), or a NumPy array-interface typestr for
    /// dates ("<M8[ms]", "<m8[s]"). Throws FormatError naming the format for
    /// objects, pointers, itemsize mismatches and anything malformed.
    [[nodiscard]] static ElementType parse(std::string_view format, std::int64_t itemSize);

    /// NumPy's name of the scalar type of this kind and size ("int32").
    [[nodiscard]] static std::string_view nameOf(ScalarShape shape);
    /// '<', '>' or '|' as NumPy's dtype.str writes it (the buffer's actual order).
    [[nodiscard]] static char byteOrderChar(const ElementType& type);
};

/// The kind and size a C++ element type reads.
template <class T>
constexpr ScalarShape scalarShapeOf()
{
    using U = std::remove_cv_t<T>;
    if constexpr (std::is_same_v<U, bool>)
        return {ElementKind::Bool, 1};
    else if constexpr (std::is_integral_v<U>)
        return {std::is_signed_v<U> ? ElementKind::SignedInteger : ElementKind::UnsignedInteger, sizeof(U)};
    else if constexpr (std::is_same_v<U, Float16> || std::is_floating_point_v<U>)
        return {ElementKind::Float, sizeof(U)};
    else if constexpr (std::is_same_v<U, std::complex<float>> || std::is_same_v<U, std::complex<double>> ||
                       std::is_same_v<U, std::complex<long double>>)
        return {ElementKind::Complex, sizeof(U)};
    else
        static_assert(sizeof(U) == 0, "no dtype reads as this C++ type");
}

} // namespace arraylens
