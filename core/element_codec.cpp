// SPDX-License-Identifier: MIT
#include "core/element_codec.h"

#include "core/cell_matcher.h"
#include "core/text_matcher.h"

namespace arraylens {

std::unique_ptr<const CellMatcher> ElementCodec::matcher(const FindCondition& condition) const
{
    return makeTextMatcher(*this, condition);
}

} // namespace arraylens
