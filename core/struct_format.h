// SPDX-License-Identifier: MIT
#pragma once

// PEP 3118 record formats ("T{<d:x:<d:y:}", "T{10w:name:=d:x:d:y:@i:n:}",
// "T{(2)T{=f:x:f:y:}:p:@H:q:}"), parsed in plain C++ (no Python, no Qt) into a
// flat list of leaf fields with their byte offsets.
//
// The reference is NumPy's own reader, numpy.core._internal._dtype_from_pep3118,
// and the layout rules are its rules:
//  - a byte-order prefix (@ = < > ! ^) may stand before any element, also
//    inside a T{} body, and stays in force for everything after it in the
//    text, across the end of a nested T{} too (NumPy's exporter relies on
//    this: np.dtype([('a', [('x', '>i4')]), ('b', '>i4')]) exports
//    "T{T{>i:x:}:a:i:b:}");
//  - under '@' (or before any prefix) each element is aligned to its native
//    alignment (a nested T{} to its strictest '@' member), and the record is
//    padded at its end to a multiple of that alignment (as C and NumPy do; the
//    struct module adds no end padding: calcsize("ib") is 5, this gives 8);
//    under = < > ! ^ nothing is aligned;
//  - sizes are the struct module's standard sizes under = < > ! and native
//    sizes under @, ^ or no prefix. Codes the struct module knows only
//    natively (g, Zg, n, N, P) keep their native size under every prefix:
//    ctypes writes "<g" for a 16-byte long double and "<P" for a void *;
//  - unnamed fields are named by NumPy's rule (_fix_names): the first "f<j>"
//    not already taken by a name of the same struct, counting j from 0;
//  - a lone unnamed T{} at the top level that fills the record is the record
//    itself (no "f0." in front of its names).
// Beyond NumPy: a byte-order prefix may also precede a sub-array, as in
// "<(3)i", and consecutive sub-array shapes join, "(2)(3)i" being (2,3)
// (NumPy 1.24 exports that spelling for a sub-array of a sub-array but cannot
// read it back). Padding ('x') never makes a field, even when named (NumPy
// exports a void field 'a' of 3 bytes as "3x:a:"); the name still counts for
// duplicates and for the f<j> rule.
//
// Not every exporter's format describes its memory: on CPython before the
// gh-76961 fix, ctypes Structures omit their alignment padding
// ("T{<c:a:<i:b:}" for a struct of itemsize 8), packed structures and unions
// export "B", and NumPy omits trailing padding made by explicit offsets. A
// caller compares StructFormat::itemSize with the buffer's itemsize.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arraylens {

/// One leaf field of a record format, flattened (nested structures and sub-arrays expanded).
struct StructField {
    std::string name;      ///< dotted path for nested structs: "pos.x"; sub-array elements "v[0]", "v[1]"; 2-D sub-arrays "m[0,1]"; an unnamed field is "f0", "f1"… by its position in its struct, as NumPy names them
    std::int64_t offset;   ///< byte offset of the leaf inside one record
    std::string format;    ///< the leaf's own format, with the byte-order prefix in force at that point written explicitly when there was one ("<d", ">i", "=l", "@i", "d", "10w", "3s", "?"): always a single scalar code or an N-count string code (Ns, Nw), never T{…}, never a sub-array or repeat
    std::int64_t itemSize; ///< the leaf's size: struct-module standard sizes under = < > !, native sizes under @ or no prefix; for Ns N bytes, for Nw 4*N
};

struct StructFormat {
    std::vector<StructField> fields;
    std::int64_t itemSize = 0; ///< the whole record's size including padding (x) and native alignment
};

/// True when `format` describes a record: it starts (after an optional byte-order prefix) with "T{", or holds more than one element code, a repeat count (other than the length of an s/w string), or a sub-array "(…)".
[[nodiscard]] bool isStructFormat(std::string_view format);

/// Parses a record format. Throws FormatError (core/errors.h) naming the format and what is wrong for malformed text, unknown codes, unbalanced braces/parentheses, duplicate names, absurd counts (guard against overflow: counts and offsets must stay below 2^40, and the total number of leaf fields below 100000 — a fuzzer will feed it garbage), pointers ('&'), function pointers, and 'O' objects.
/// String codes are written with their count ("s" becomes "1s"). Also
/// refused: nesting deeper than 64 T{}, leaf names of more than 64 MiB in
/// all, 'u' (UCS-2), 't' (bit fields) and codes the struct module does not have.
[[nodiscard]] StructFormat parseStructFormat(std::string_view format);

} // namespace arraylens
