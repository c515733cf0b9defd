// SPDX-License-Identifier: MIT
#pragma once

// What one element of an array is (DESIGN.md decision 11): a descriptor per
// element type, with the codec that turns its bytes into text and back. The
// dtype table (dtype_table.h) is where descriptors are made; nothing else
// looks at a format string or switches over kinds to decide how to read an
// element: it asks the descriptor's codec.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace arraylens {

class ElementCodec;
struct DtypeRow;
struct RecordField;

/// The family an element belongs to; what NumPy's dtype.kind says.
enum class ElementKind : std::uint8_t {
    Bool,
    SignedInteger,
    UnsignedInteger,
    Float,
    Complex,
    Bytes,     ///< NumPy S: a fixed number of bytes, trailing NULs dropped
    Text,      ///< NumPy U: a fixed number of UCS-4 code points
    DateTime,  ///< NumPy datetime64[unit]
    TimeDelta, ///< NumPy timedelta64[unit]
    Record,    ///< a structure of named fields (NumPy structured dtype, ctypes Structure)
};

/// Byte order as the format states it.
enum class ByteOrder : std::uint8_t { Native, Little, Big };

/// One element type: made by the dtype table from a format, shared by every
/// view and column that shows elements of this type.
struct ElementType {
    ElementKind kind = ElementKind::UnsignedInteger;
    int itemSize = 1;                 ///< bytes per element
    ByteOrder byteOrder = ByteOrder::Native;
    bool swapped = false;             ///< bytes must be reversed to read natively
    std::string name;                 ///< as NumPy names it: "int32", "U10", "S4", "datetime64[ms]", "void24"
    std::string cppType;              ///< the C++ type that holds one element: "std::int32_t", "char32_t[10]"
    const DtypeRow* row = nullptr;    ///< scalars: the dtype table row; null otherwise
    /// Text ↔ bytes for this type; null for records, whose fields have their own.
    std::shared_ptr<const ElementCodec> codec;
    /// Records: the leaf fields, nested structures and sub-arrays flattened.
    std::shared_ptr<const std::vector<RecordField>> fields;

    [[nodiscard]] bool isRecord() const { return kind == ElementKind::Record; }
    /// Strings and bytes read as text (left-aligned in a grid), not as numbers.
    [[nodiscard]] bool readsAsText() const { return kind == ElementKind::Text || kind == ElementKind::Bytes; }
    /// Numbers (bool included) have a numeric reading (ElementCodec::toDouble).
    [[nodiscard]] bool isNumeric() const { return kind <= ElementKind::Complex; }
};

/// One leaf field of a record: "pos.x", "v[1]".
struct RecordField {
    std::string name;
    std::int64_t offset = 0; ///< bytes from the start of the record
    ElementType type;
};

} // namespace arraylens
