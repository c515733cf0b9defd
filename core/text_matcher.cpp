// SPDX-License-Identifier: MIT
#include "core/text_matcher.h"

#include "core/element_codec.h"
#include "core/find_condition.h"
#include "core/text_sink.h"

#include <algorithm>
#include <string>

namespace arraylens {

namespace {

char lowerAscii(char c)
{
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lowered(std::string_view text)
{
    std::string result(text);
    std::transform(result.begin(), result.end(), result.begin(), lowerAscii);
    return result;
}

bool containsIgnoringCase(std::string_view text, std::string_view loweredNeedle)
{
    const auto found = std::search(text.begin(), text.end(), loweredNeedle.begin(), loweredNeedle.end(),
                                   [](char a, char b) { return lowerAscii(a) == b; });
    return found != text.end() || loweredNeedle.empty();
}

class TextMatcher final : public CellMatcher {
public:
    TextMatcher(const ElementCodec& codec, const FindCondition& condition)
        : codec_(codec), test_(condition.test), negated_(condition.negated), operand_(condition.operand)
    {
        if (test_ == FindCondition::Test::Matches)
            operand_ = lowered(operand_);
    }

    std::int64_t find(const std::byte* p, std::int64_t stride, std::int64_t count, bool backward) const override
    {
        TextSink text; // one per call: find() runs on several threads at once
        for (std::int64_t k = 0; k < count; ++k) {
            const std::int64_t i = backward ? count - 1 - k : k;
            text.clear();
            codec_.format(p + i * stride, text, DisplayOptions{});
            if (matches(text.text()))
                return i;
        }
        return -1;
    }

private:
    [[nodiscard]] bool matches(std::string_view text) const
    {
        using Test = FindCondition::Test;
        switch (test_) {
        case Test::Matches: return containsIgnoringCase(text, operand_);
        case Test::Equal: return text == operand_;
        case Test::NotEqual: return text != operand_;
        case Test::Less: return text < operand_;
        case Test::LessEqual: return text <= operand_;
        case Test::Greater: return text > operand_;
        case Test::GreaterEqual: return text >= operand_;
        case Test::IsNan: return (containsIgnoringCase(text, "nan") || lowered(text) == "nat") != negated_;
        case Test::IsInf: return containsIgnoringCase(text, "inf");
        }
        return false;
    }

    const ElementCodec& codec_;
    FindCondition::Test test_;
    bool negated_;
    std::string operand_;
};

} // namespace

std::unique_ptr<const CellMatcher> makeTextMatcher(const ElementCodec& codec, const FindCondition& condition)
{
    return std::make_unique<TextMatcher>(codec, condition);
}

} // namespace arraylens
