// SPDX-License-Identifier: MIT
#pragma once

#include "core/cell_matcher.h"

#include <memory>
#include <string_view>

namespace arraylens {

class ElementCodec;
struct FindCondition;

/// Find in a numeric column of C++ type T (bool, the integers, Float16, the
/// floats and their complex) in the element's byte order; NumberCodec<T>
/// makes these. What a user expects, decided here:
///
/// - Integers (and bool, as 0 and 1) compare exactly with the typed number,
///   int64 and uint64 extremes included: "> 2.5" finds 3, "== 2.5" nothing.
///   True and False read as 1 and 0 in a bool column.
/// - Floats: the typed number is first read as the column's type reads it,
///   as storing it there would round it, so "0.1" finds the float32 cells
///   that show 0.1 (float32(0.1), not the double 0.1), and "> 0.1" does not
///   find them. Equality is exact on that value (-0 == 0). The shortest
///   round-trip text the grid shows reads back to the very bits, so typing
///   what a cell shows finds it. A number beyond the type's range compares
///   as what it is ("< 1e300" finds every finite float32, "== 1e300" is
///   refused as out of range, as typing it into a cell is). NaN never
///   compares: "nan" finds NaN, "!= nan" everything else; "!= 0" finds NaN
///   cells too, as NumPy's != does. "inf" finds +inf and -inf.
/// - Complex: == and != compare both parts; <, <=, >, >= compare the
///   magnitude (as the heat map colours it); nan and inf look at either part.
///
/// Throws CellTextError when the value is not a number of this type;
/// `typeName` ("int8") names the type in the message.
template <class T>
[[nodiscard]] std::unique_ptr<const CellMatcher> makeNumberMatcher(const FindCondition& condition,
                                                                   const ElementCodec& codec,
                                                                   std::string_view typeName, bool swapped);

} // namespace arraylens
