// SPDX-License-Identifier: MIT
#pragma once

// The one dtype table (DESIGN.md decision 4): every PEP 3118 format ArrayLens
// reads, with the NumPy dtype name, the C++ type, the itemsize and the typed
// accessor names. The format parser, --info, the dtype inspector and the
// README read these rows and nothing else.

#include "core/float16.h"

#include <complex>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

namespace arraylens {

/// What an element is, independent of how its format was spelled.
enum class ItemType : std::uint8_t {
    Bool,
    Int8, Int16, Int32, Int64,
    UInt8, UInt16, UInt32, UInt64,
    Float16, Float32, Float64, LongDouble,
    Complex64, Complex128, ComplexLongDouble,
};

enum class ItemKind : std::uint8_t { Bool, SignedInteger, UnsignedInteger, Float, Complex };

/// Byte order as the format string states it.
enum class ByteOrder : std::uint8_t { Native, Little, Big };

/// One row of the table: a format character (or 'Z' pair) as NumPy and the
/// struct module write it for native byte order.
struct DtypeRow {
    std::string_view code;         ///< "?", "b", …, "Zd"
    ItemType itemType;             ///< with the native itemsize
    std::string_view numpyName;    ///< "bool", "int8", …
    std::string_view cppType;      ///< the C++ element type
    int itemSize;                  ///< native itemsize in bytes
    std::string_view accessorStem; ///< "Bool" → asBoolSpan, asBoolReadOnlySpan, asBoolSpan2D, asBoolReadOnlySpan2D
};

/// A buffer's element format after parsing and validation.
struct ElementFormat {
    ItemType itemType = ItemType::UInt8;
    int itemSize = 1;
    ByteOrder byteOrder = ByteOrder::Native;
    bool swapped = false;          ///< bytes must be reversed to read natively
    const DtypeRow* row = nullptr; ///< the table row describing the element
};

class DtypeTable {
public:
    [[nodiscard]] static std::span<const DtypeRow> rows();
    /// The row for a format character without byte-order prefix, or null.
    [[nodiscard]] static const DtypeRow* find(std::string_view code);

    /// Parses a PEP 3118 format ("" means "B") against the buffer's itemsize.
    /// Throws FormatError naming the format for structs, objects, strings,
    /// pointers, padding, repeat counts and itemsize mismatches.
    [[nodiscard]] static ElementFormat parse(std::string_view format, std::int64_t itemSize);

    [[nodiscard]] static std::string_view name(ItemType type);     ///< NumPy's name: "int32"
    [[nodiscard]] static ItemKind kind(ItemType type);
    [[nodiscard]] static int sizeOf(ItemType type);               ///< native byte size
    /// '<', '>' or '|' as NumPy's dtype.str writes it (the buffer's actual order).
    [[nodiscard]] static char byteOrderChar(const ElementFormat& format);
};

/// The ItemType a C++ element type reads as; void for types with none.
template <class T>
constexpr ItemType itemTypeOf()
{
    using U = std::remove_cv_t<T>;
    if constexpr (std::is_same_v<U, bool>)
        return ItemType::Bool;
    else if constexpr (std::is_integral_v<U> && std::is_signed_v<U>) {
        static_assert(sizeof(U) == 1 || sizeof(U) == 2 || sizeof(U) == 4 || sizeof(U) == 8);
        return sizeof(U) == 1 ? ItemType::Int8 : sizeof(U) == 2 ? ItemType::Int16 : sizeof(U) == 4 ? ItemType::Int32 : ItemType::Int64;
    } else if constexpr (std::is_integral_v<U> && std::is_unsigned_v<U>) {
        static_assert(sizeof(U) == 1 || sizeof(U) == 2 || sizeof(U) == 4 || sizeof(U) == 8);
        return sizeof(U) == 1 ? ItemType::UInt8 : sizeof(U) == 2 ? ItemType::UInt16 : sizeof(U) == 4 ? ItemType::UInt32 : ItemType::UInt64;
    } else if constexpr (std::is_same_v<U, Float16>)
        return ItemType::Float16;
    else if constexpr (std::is_same_v<U, float>)
        return ItemType::Float32;
    else if constexpr (std::is_same_v<U, double>)
        return ItemType::Float64;
    else if constexpr (std::is_same_v<U, long double>)
        return ItemType::LongDouble;
    else if constexpr (std::is_same_v<U, std::complex<float>>)
        return ItemType::Complex64;
    else if constexpr (std::is_same_v<U, std::complex<double>>)
        return ItemType::Complex128;
    else if constexpr (std::is_same_v<U, std::complex<long double>>)
        return ItemType::ComplexLongDouble;
    else
        static_assert(sizeof(U) == 0, "no dtype reads as this C++ type");
}

} // namespace arraylens
