// SPDX-License-Identifier: MIT
#include "core/slice_spec.h"

#include "core/errors.h"

#include <charconv>

namespace arraylens {

namespace {

// Keeps |index| far from the int64 edges so start + count * step cannot overflow.
constexpr std::int64_t kLimit = std::int64_t{1} << 62;

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

std::optional<std::int64_t> parseInteger(std::string_view text, std::string_view whole)
{
    text = trimmed(text);
    if (text.empty())
        return std::nullopt;
    std::string_view digits = text;
    if (digits.front() == '+')
        digits.remove_prefix(1);
    std::int64_t value = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (ec == std::errc::result_out_of_range || (ec == std::errc() && (value >= kLimit || value <= -kLimit)))
        throw SliceError("index '" + std::string(text) + "' in slice '" + std::string(whole) + "' is too large");
    if (ec != std::errc() || end != digits.data() + digits.size() || digits.empty())
        throw SliceError("'" + std::string(text) + "' in slice '" + std::string(whole) +
                         "' is not an integer; each item is an integer, a slice start:stop:step, or ...");
    return value;
}

} // namespace

SliceSpec SliceSpec::parse(std::string_view text)
{
    std::vector<Item> items;
    std::string_view rest = trimmed(text);
    if (rest.starts_with('(') && rest.ends_with(')'))
        rest = trimmed(rest.substr(1, rest.size() - 2));
    if (rest.empty())
        return SliceSpec();
    bool sawEllipsis = false;
    while (true) {
        const std::size_t comma = rest.find(',');
        std::string_view part = trimmed(rest.substr(0, comma));
        Item item;
        if (part.empty()) {
            // A trailing comma ("1,") is allowed, as in Python; an empty item elsewhere is not.
            if (comma == std::string_view::npos && !items.empty())
                break;
            throw SliceError("empty item in slice '" + std::string(text) + "'");
        }
        if (part == "..." || part == "Ellipsis") {
            if (sawEllipsis)
                throw SliceError("an index can only have a single ellipsis ('...'): '" + std::string(text) + "'");
            sawEllipsis = true;
            item.kind = Item::Kind::Ellipsis;
        } else if (part == "None" || part == "np.newaxis" || part == "newaxis") {
            throw SliceError("'" + std::string(part) + "' (newaxis) adds an axis; ArrayLens shows existing axes only");
        } else if (part.find(':') == std::string_view::npos) {
            item.kind = Item::Kind::Index;
            item.index = *parseInteger(part, text);
        } else {
            item.kind = Item::Kind::Range;
            const std::size_t first = part.find(':');
            const std::size_t second = part.find(':', first + 1);
            if (second != std::string_view::npos && part.find(':', second + 1) != std::string_view::npos)
                throw SliceError("too many ':' in '" + std::string(part) + "' of slice '" + std::string(text) + "'");
            item.start = parseInteger(part.substr(0, first), text);
            if (second == std::string_view::npos) {
                item.stop = parseInteger(part.substr(first + 1), text);
            } else {
                item.stop = parseInteger(part.substr(first + 1, second - first - 1), text);
                if (auto step = parseInteger(part.substr(second + 1), text))
                    item.step = *step;
            }
            if (item.step == 0)
                throw SliceError("slice step cannot be zero: '" + std::string(part) + "'");
        }
        items.push_back(item);
        if (comma == std::string_view::npos)
            break;
        rest = rest.substr(comma + 1);
    }
    return SliceSpec(std::move(items));
}

std::vector<AxisSelection> SliceSpec::resolve(std::span<const std::int64_t> shape) const
{
    const auto ndim = static_cast<std::int64_t>(shape.size());
    std::int64_t explicitItems = 0;
    for (const Item& item : items_)
        explicitItems += item.kind != Item::Kind::Ellipsis;
    if (explicitItems > ndim)
        throw SliceError("too many indices for array: array is " + std::to_string(ndim) + "-dimensional, but " +
                         std::to_string(explicitItems) + " were indexed");

    std::vector<AxisSelection> result;
    auto addRange = [&](const Item& item) {
        const std::int64_t length = shape[result.size()];
        AxisSelection axis;
        axis.step = item.step;
        if (item.step > 0) {
            std::int64_t start = item.start.value_or(0);
            std::int64_t stop = item.stop.value_or(length);
            if (start < 0)
                start = std::max<std::int64_t>(start + length, 0);
            if (stop < 0)
                stop = std::max<std::int64_t>(stop + length, 0);
            start = std::min(start, length);
            stop = std::min(stop, length);
            axis.start = start;
            axis.count = stop > start ? (stop - start - 1) / item.step + 1 : 0;
        } else {
            std::int64_t start = item.start.value_or(length - 1);
            std::int64_t stop = item.stop.value_or(-1 - length); // "before the first", after the shift below
            if (start < 0)
                start = std::max<std::int64_t>(start + length, -1);
            if (stop < 0)
                stop = std::max<std::int64_t>(stop + length, -1);
            start = std::min(start, length - 1);
            stop = std::min(stop, length - 1);
            axis.start = start;
            axis.count = start > stop ? (start - stop - 1) / (-item.step) + 1 : 0;
        }
        if (axis.count == 0)
            axis.start = 0;
        result.push_back(axis);
    };
    for (const Item& item : items_) {
        switch (item.kind) {
        case Item::Kind::Ellipsis:
            for (std::int64_t i = 0; i < ndim - explicitItems; ++i)
                addRange(Item{});
            break;
        case Item::Kind::Range:
            addRange(item);
            break;
        case Item::Kind::Index: {
            const std::size_t axisNumber = result.size();
            const std::int64_t length = shape[axisNumber];
            const std::int64_t index = item.index < 0 ? item.index + length : item.index;
            if (index < 0 || index >= length)
                throw SliceError("index " + std::to_string(item.index) + " is out of bounds for axis " +
                                 std::to_string(axisNumber) + " with size " + std::to_string(length));
            result.push_back(AxisSelection{true, index, 1, 1});
            break;
        }
        }
    }
    while (static_cast<std::int64_t>(result.size()) < ndim)
        addRange(Item{});
    return result;
}

std::string SliceSpec::planeExample(std::size_t dimensions)
{
    std::string text;
    for (std::size_t k = 0; k + 2 < dimensions; ++k)
        text += "0,";
    return text + ":,:";
}

std::string SliceSpec::toString() const
{
    std::string text;
    for (std::size_t i = 0; i < items_.size(); ++i) {
        const Item& item = items_[i];
        if (i)
            text += ',';
        switch (item.kind) {
        case Item::Kind::Ellipsis: text += "..."; break;
        case Item::Kind::Index: text += std::to_string(item.index); break;
        case Item::Kind::Range:
            if (item.start)
                text += std::to_string(*item.start);
            text += ':';
            if (item.stop)
                text += std::to_string(*item.stop);
            if (item.step != 1)
                text += ':' + std::to_string(item.step);
            break;
        }
    }
    return text.empty() ? ":" : text;
}

} // namespace arraylens
