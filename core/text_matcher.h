// SPDX-License-Identifier: MIT
#pragma once

#include "core/cell_matcher.h"

#include <memory>

namespace arraylens {

class ElementCodec;
struct FindCondition;

/// Find by text, for element types whose values are text (U, S, object
/// arrays read as text) or have no numeric reading (dates): each cell is
/// formatted as the grid shows it by default (exact text) and compared.
/// A bare value finds the cells whose text contains it, ignoring ASCII
/// case (as a spreadsheet's Find does); == and != compare the whole text
/// exactly; <, <=, >, >= compare texts by code point (ISO dates sort as
/// dates). nan finds cells that show nan or NaT; inf those that show inf.
[[nodiscard]] std::unique_ptr<const CellMatcher> makeTextMatcher(const ElementCodec& codec,
                                                                 const FindCondition& condition);

} // namespace arraylens
