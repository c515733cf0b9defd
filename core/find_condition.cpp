// SPDX-License-Identifier: MIT
#include "core/find_condition.h"

#include "core/cell_text.h"
#include "core/errors.h"

#include <array>
#include <utility>

namespace arraylens {

namespace {

constexpr std::string_view kOperatorCharacters = "<>=!~";
constexpr std::string_view kKnownOperators = "==, !=, <, <=, >, >=";

bool equalsIgnoringCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if ((a[i] | 0x20) != (b[i] | 0x20))
            return false;
    return true;
}

// One pair of matching quotes around the value goes: "> 3" in quotes finds
// the text "> 3", and " a" keeps its blank.
std::string_view unquoted(std::string_view text)
{
    if (text.size() >= 2 && (text.front() == '"' || text.front() == '\'') && text.back() == text.front())
        return text.substr(1, text.size() - 2);
    return text;
}

} // namespace

FindCondition FindCondition::parse(std::string_view original)
{
    const std::string_view text = trimmedCellText(original);
    if (text.empty())
        throw CellTextError("type a value or a condition such as > 3, <= -1.5, == 0, nan or inf");
    static constexpr std::array<std::pair<std::string_view, Test>, 7> operators{{
        {"==", Test::Equal},
        {"!=", Test::NotEqual},
        {"<=", Test::LessEqual},
        {">=", Test::GreaterEqual},
        {"<", Test::Less},
        {">", Test::Greater},
        {"=", Test::Equal},
    }};
    FindCondition condition;
    std::string_view value = text;
    if (text.front() != '"' && text.front() != '\'') {
        const std::size_t symbolEnd = std::min(text.find_first_not_of(kOperatorCharacters), text.size());
        const std::string_view symbol = text.substr(0, symbolEnd);
        if (!symbol.empty()) {
            bool known = false;
            for (const auto& [spelling, test] : operators)
                if (symbol == spelling) {
                    condition.test = test;
                    known = true;
                }
            if (!known)
                throw CellTextError(quotedCellText(symbol) + " is not an operator; use one of " +
                                    std::string(kKnownOperators) + " (or a bare value, nan, inf)");
            value = trimmedCellText(text.substr(symbolEnd));
            if (value.empty())
                throw CellTextError(quotedCellText(symbol) + " needs a value after it, as in " + std::string(symbol) +
                                    " 3");
        }
    }
    const bool bare = condition.test == Test::Matches;
    if (equalsIgnoringCase(value, "nan") &&
        (bare || condition.test == Test::Equal || condition.test == Test::NotEqual)) {
        condition.negated = condition.test == Test::NotEqual;
        condition.test = Test::IsNan;
        return condition;
    }
    if (bare && equalsIgnoringCase(value, "inf")) {
        condition.test = Test::IsInf;
        return condition;
    }
    condition.operand = std::string(unquoted(value));
    return condition;
}

std::string FindCondition::text() const
{
    switch (test) {
    case Test::Matches: return operand;
    case Test::Equal: return "== " + operand;
    case Test::NotEqual: return "!= " + operand;
    case Test::Less: return "< " + operand;
    case Test::LessEqual: return "<= " + operand;
    case Test::Greater: return "> " + operand;
    case Test::GreaterEqual: return ">= " + operand;
    case Test::IsNan: return negated ? "!= nan" : "nan";
    case Test::IsInf: return "inf";
    }
    return operand;
}

} // namespace arraylens
