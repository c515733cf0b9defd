// SPDX-License-Identifier: MIT
#pragma once

// What Find looks for (Ctrl+F, issue 12 item 6): a value or a condition as
// the user types it, parsed once, before any column's type is known. Each
// column's codec then reads the value in its own type
// (ElementCodec::matcher), so "0.1" means float32(0.1) in a float32 column
// and the exact integer in an int64 one.

#include <string>
#include <string_view>

namespace arraylens {

struct FindCondition {
    enum class Test {
        Matches,      ///< a bare value: equality for numbers, "contains" for text
        Equal,        ///< == (also =)
        NotEqual,     ///< !=
        Less,         ///< <
        LessEqual,    ///< <=
        Greater,      ///< >
        GreaterEqual, ///< >=
        IsNan,        ///< nan (also == nan); != nan is IsNan negated
        IsInf,        ///< inf: +inf or -inf (as numpy.isinf); +inf and -inf are Equal
    };

    Test test = Test::Matches;
    /// The value, blanks trimmed and one pair of quotes removed ("" for IsNan and IsInf).
    std::string operand;
    /// IsNan: the cells that are not NaN match instead (!= nan).
    bool negated = false;

    /// Parses "> 3", "<= -1.5", "nan", "inf", "== 0", "!= 0", "3", "abc",
    /// "== \"a b\"". Throws CellTextError for empty text, an operator with
    /// no value and an operator it does not know ("=>", "<>", "~").
    [[nodiscard]] static FindCondition parse(std::string_view text);
    /// The condition as it would be typed: "> 3", "nan".
    [[nodiscard]] std::string text() const;

    bool operator==(const FindCondition&) const = default;
};

} // namespace arraylens
