// SPDX-License-Identifier: MIT
#include "core/tuple_text.h"

namespace arraylens {

std::string tupleText(std::span<const std::int64_t> values)
{
    std::string text = "(";
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i)
            text += ", ";
        text += std::to_string(values[i]);
    }
    return text + (values.size() == 1 ? ",)" : ")");
}

} // namespace arraylens
