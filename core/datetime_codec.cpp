// SPDX-License-Identifier: MIT
#include "core/datetime_codec.h"

#include "core/cell_matcher.h"
#include "core/cell_text.h"
#include "core/errors.h"
#include "core/find_condition.h"
#include "core/text_matcher.h"
#include "core/text_sink.h"

#include <array>
#include <bit>
#include <charconv>
#include <functional>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>

namespace arraylens {

namespace {

constexpr std::int64_t kNaT = std::numeric_limits<std::int64_t>::min();
using Wide = __int128;

constexpr std::array<std::string_view, 13> kUnitNames{"Y", "M", "W", "D", "h", "m", "s", "ms", "us", "ns", "ps", "fs", "as"};

// Attoseconds per unit, from the hour down (calendar units have none).
constexpr Wide power10(int n)
{
    Wide value = 1;
    for (int i = 0; i < n; ++i)
        value *= 10;
    return value;
}
constexpr Wide kAttoPerSecond = power10(18);
constexpr Wide kAttoPerDay = kAttoPerSecond * 86400;

Wide attosecondsPer(DateTimeCodec::Unit unit)
{
    using U = DateTimeCodec::Unit;
    switch (unit) {
    case U::Week: return kAttoPerDay * 7;
    case U::Day: return kAttoPerDay;
    case U::Hour: return kAttoPerSecond * 3600;
    case U::Minute: return kAttoPerSecond * 60;
    case U::Second: return kAttoPerSecond;
    case U::Milli: return power10(15);
    case U::Micro: return power10(12);
    case U::Nano: return power10(9);
    case U::Pico: return power10(6);
    case U::Femto: return power10(3);
    case U::Atto: return 1;
    default: return 0; // years and months are not fixed lengths
    }
}

// Digits after the seconds' point datetime_as_string writes for a unit.
int fractionDigits(DateTimeCodec::Unit unit)
{
    const auto u = static_cast<int>(unit) - static_cast<int>(DateTimeCodec::Unit::Second);
    return u > 0 ? 3 * u : 0;
}

Wide floorDiv(Wide a, Wide b)
{
    Wide q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return q;
}

// Howard Hinnant's civil calendar algorithms (proleptic Gregorian).
Wide daysFromCivil(Wide y, int m, int d)
{
    y -= m <= 2;
    const Wide era = floorDiv(y, 400);
    const Wide yoe = y - era * 400;
    const Wide doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const Wide doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct Civil {
    Wide year;
    int month;
    int day;
};

Civil civilFromDays(Wide z)
{
    z += 719468;
    const Wide era = floorDiv(z, 146097);
    const Wide doe = z - era * 146097;
    const Wide yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const Wide doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const Wide mp = (5 * doy + 2) / 153;
    const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return {yoe + era * 400 + (m <= 2), m, d};
}

bool isLeap(Wide y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int daysInMonth(Wide y, int m)
{
    constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && isLeap(y) ? 29 : kDays[m - 1];
}

char* putNumber(char* out, Wide value, int width)
{
    // A year as printf's %04lld writes it ("-001"): the sign counts in the width.
    char digits[48];
    int n = 0;
    const bool negative = value < 0;
    Wide magnitude = negative ? -value : value;
    do {
        digits[n++] = static_cast<char>('0' + static_cast<int>(magnitude % 10));
        magnitude /= 10;
    } while (magnitude != 0);
    if (negative)
        *out++ = '-';
    for (int pad = n + (negative ? 1 : 0); pad < width; ++pad)
        *out++ = '0';
    while (n > 0)
        *out++ = digits[--n];
    return out;
}

} // namespace

std::optional<DateTimeCodec::Unit> DateTimeCodec::unitNamed(std::string_view text)
{
    for (std::size_t i = 0; i < kUnitNames.size(); ++i)
        if (kUnitNames[i] == text)
            return static_cast<Unit>(i);
    return std::nullopt;
}

std::int64_t DateTimeCodec::load(const std::byte* p) const
{
    std::uint64_t bits;
    std::memcpy(&bits, p, sizeof bits);
    return static_cast<std::int64_t>(swapped_ ? __builtin_bswap64(bits) : bits);
}

void DateTimeCodec::store(std::int64_t value, std::byte* out) const
{
    const auto bits = static_cast<std::uint64_t>(value);
    const std::uint64_t stored = swapped_ ? __builtin_bswap64(bits) : bits;
    std::memcpy(out, &stored, sizeof stored);
}

void DateTimeCodec::format(const std::byte* p, TextSink& out, const DisplayOptions&) const
{
    const std::int64_t value = load(p);
    char* text = out.reserve(96);
    if (value == kNaT) {
        out.commit(std::copy_n("NaT", 3, text));
        return;
    }
    if (duration_) {
        out.commit(std::to_chars(text, text + 24, value).ptr);
        return;
    }
    if (unit_ == Unit::Year) {
        out.commit(putNumber(text, Wide{1970} + value, 4));
        return;
    }
    if (unit_ == Unit::Month) {
        const Wide months = Wide{1970} * 12 + value;
        text = putNumber(text, floorDiv(months, 12), 4);
        *text++ = '-';
        out.commit(putNumber(text, months - floorDiv(months, 12) * 12 + 1, 2));
        return;
    }
    // Days and the time of day apart: a count of weeks in attoseconds would
    // not fit even 128 bits.
    Wide days = 0;
    Wide withinDay = 0; // attoseconds
    if (unit_ == Unit::Week) {
        days = Wide{value} * 7;
    } else if (unit_ == Unit::Day) {
        days = value;
    } else {
        const Wide perUnit = attosecondsPer(unit_);
        const Wide unitsPerDay = kAttoPerDay / perUnit;
        days = floorDiv(value, unitsPerDay);
        withinDay = (Wide{value} - days * unitsPerDay) * perUnit;
    }
    const Civil date = civilFromDays(days);
    text = putNumber(text, date.year, 4);
    *text++ = '-';
    text = putNumber(text, date.month, 2);
    *text++ = '-';
    text = putNumber(text, date.day, 2);
    if (unit_ > Unit::Day) {
        const Wide seconds = withinDay / kAttoPerSecond;
        *text++ = 'T';
        text = putNumber(text, seconds / 3600, 2);
        if (unit_ >= Unit::Minute) {
            *text++ = ':';
            text = putNumber(text, seconds / 60 % 60, 2);
        }
        if (unit_ >= Unit::Second) {
            *text++ = ':';
            text = putNumber(text, seconds % 60, 2);
        }
        if (const int digits = fractionDigits(unit_); digits > 0) {
            *text++ = '.';
            text = putNumber(text, (withinDay % kAttoPerSecond) / power10(18 - digits), digits);
        }
    }
    out.commit(text);
}

std::int64_t DateTimeCodec::parseDate(std::string_view original) const
{
    const std::string_view text = trimmedCellText(original);
    const std::string unitName(kUnitNames[static_cast<std::size_t>(unit_)]);
    const auto fail = [&](const std::string& why) -> CellTextError {
        return CellTextError(quotedCellText(original) + " is not a datetime64[" + unitName + "]: " + why);
    };
    std::size_t i = 0;
    const auto number = [&](std::size_t minDigits, std::size_t maxDigits, bool signedValue) -> Wide {
        bool negative = false;
        if (signedValue && i < text.size() && (text[i] == '-' || text[i] == '+'))
            negative = text[i++] == '-';
        const std::size_t start = i;
        Wide value = 0;
        while (i < text.size() && text[i] >= '0' && text[i] <= '9' && i - start < maxDigits)
            value = value * 10 + (text[i++] - '0');
        if (i - start < minDigits)
            throw fail("type it as NumPy writes it, such as 2024-02-29T12:00:00.125 (or NaT)");
        return negative ? -value : value;
    };
    const auto next = [&](char c) {
        if (i < text.size() && (text[i] == c || (c == 'T' && text[i] == ' '))) {
            ++i;
            return true;
        }
        return false;
    };
    const Wide year = number(1, 20, true); // 2^63 years of datetime64[Y] have 19 digits
    int month = 1, day = 1, hour = 0, minute = 0, second = 0;
    Wide fraction = 0; // attoseconds
    if (next('-')) {
        month = static_cast<int>(number(2, 2, false));
        if (next('-')) {
            day = static_cast<int>(number(2, 2, false));
                if (next('T')) {
                hour = static_cast<int>(number(2, 2, false));
                        if (next(':')) {
                    minute = static_cast<int>(number(2, 2, false));
                    if (next(':')) {
                        second = static_cast<int>(number(2, 2, false));
                        if (next('.')) {
                            const std::size_t start = i;
                            const Wide digits = number(1, 18, false);
                            fraction = digits * power10(18 - static_cast<int>(i - start));
                        }
                    }
                }
            }
        }
    }
    if (i != text.size())
        throw fail("type it as NumPy writes it, such as 2024-02-29T12:00:00.125 (or NaT)");
    if (month < 1 || month > 12)
        throw fail("month " + std::to_string(month) + " does not exist");
    if (day < 1 || day > daysInMonth(year, month))
        throw fail("that month has no day " + std::to_string(day));
    if (hour > 23 || minute > 59 || second > 59)
        throw fail("the time of day is out of range");

    const Wide dayNumber = daysFromCivil(year, month, day);
    const Wide withinDay = ((Wide{hour} * 60 + minute) * 60 + second) * kAttoPerSecond + fraction;
    Wide value = 0;
    const auto tooPrecise = [&] { return fail("it is more precise than the unit " + unitName + " holds"); };
    const auto outOfRange = [&] { return fail("it is out of range for the unit " + unitName); };
    if (unit_ == Unit::Year || unit_ == Unit::Month) {
        if (withinDay != 0 || day != 1 || (unit_ == Unit::Year && month != 1))
            throw tooPrecise();
        value = unit_ == Unit::Year ? year - 1970 : (year - 1970) * 12 + (month - 1);
    } else if (unit_ == Unit::Week || unit_ == Unit::Day) {
        const int perUnit = unit_ == Unit::Week ? 7 : 1;
        if (withinDay != 0 || dayNumber % perUnit != 0)
            throw tooPrecise();
        value = dayNumber / perUnit;
    } else {
        const Wide perUnit = attosecondsPer(unit_);
        if (withinDay % perUnit != 0)
            throw tooPrecise();
        if (__builtin_mul_overflow(dayNumber, kAttoPerDay / perUnit, &value) ||
            __builtin_add_overflow(value, withinDay / perUnit, &value))
            throw outOfRange();
    }
    if (value <= std::numeric_limits<std::int64_t>::min() || value > std::numeric_limits<std::int64_t>::max())
        throw outOfRange();
    return static_cast<std::int64_t>(value);
}

void DateTimeCodec::parse(std::string_view text, std::byte* out) const
{
    if (trimmedCellText(text) == "NaT" || trimmedCellText(text) == "nat") {
        store(kNaT, out);
        return;
    }
    if (!duration_) {
        store(parseDate(text), out);
        return;
    }
    const std::string unitName(kUnitNames[static_cast<std::size_t>(unit_)]);
    std::string_view digits = trimmedCellText(text);
    bool signs = false; // "+-5": two signs, not a number (from_chars would read the "-5")
    if (digits.size() > 1 && digits.front() == '+') {
        digits.remove_prefix(1);
        signs = digits.front() == '-';
    }
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
    if (digits.empty() || signs || ec == std::errc::invalid_argument || end != digits.data() + digits.size())
        throw CellTextError(quotedCellText(text) + " is not a timedelta64[" + unitName + "]: type a whole number of " + unitName +
                            " (or NaT)");
    if (ec == std::errc::result_out_of_range || value == kNaT)
        throw CellTextError(quotedCellText(text) + " is out of range for timedelta64[" + unitName + "]");
    store(value, out);
}

std::optional<double> DateTimeCodec::toDouble(const std::byte* p) const
{
    if (!duration_)
        return std::nullopt;
    const std::int64_t value = load(p);
    return value == kNaT ? std::numeric_limits<double>::quiet_NaN() : static_cast<double>(value);
}

bool DateTimeCodec::mayNeedQuotes(char delimiter) const
{
    return delimiter == '"' || std::string_view("0123456789-:T.NaT").find(delimiter) != std::string_view::npos;
}

namespace {

/// Counts in [lo, hi] (or outside it) match; NaT only where `nat` says.
class CountMatcher final : public CellMatcher {
public:
    CountMatcher(std::function<std::int64_t(const std::byte*)> load, std::int64_t lo, std::int64_t hi, bool outside,
                 bool nat)
        : load_(std::move(load)), lo_(lo), hi_(hi), outside_(outside), nat_(nat)
    {
    }
    std::int64_t find(const std::byte* p, std::int64_t stride, std::int64_t count, bool backward) const override
    {
        for (std::int64_t k = 0; k < count; ++k) {
            const std::int64_t i = backward ? count - 1 - k : k;
            const std::int64_t value = load_(p + i * stride);
            const bool match = value == kNaT ? nat_ : (value >= lo_ && value <= hi_) != outside_;
            if (match)
                return i;
        }
        return -1;
    }

private:
    std::function<std::int64_t(const std::byte*)> load_;
    std::int64_t lo_;
    std::int64_t hi_;
    bool outside_;
    bool nat_;
};

} // namespace

std::unique_ptr<const CellMatcher> DateTimeCodec::matcher(const FindCondition& condition) const
{
    using Test = FindCondition::Test;
    constexpr std::int64_t min = kNaT + 1;
    constexpr std::int64_t max = std::numeric_limits<std::int64_t>::max();
    auto load = [this](const std::byte* p) { return this->load(p); };
    switch (condition.test) {
    case Test::Matches: return makeTextMatcher(*this, condition);
    case Test::IsNan: return std::make_unique<CountMatcher>(load, 1, 0, condition.negated, !condition.negated);
    case Test::IsInf: return std::make_unique<CountMatcher>(load, 1, 0, false, false);
    default: break;
    }
    std::byte bytes[8];
    parse(condition.operand, bytes);
    const std::int64_t t = this->load(bytes);
    const bool ne = condition.test == Test::NotEqual;
    if (t == kNaT) // == NaT finds NaT; nothing else compares with it
        return std::make_unique<CountMatcher>(load, 1, 0, ne, condition.test == Test::Equal);
    switch (condition.test) {
    case Test::Equal: return std::make_unique<CountMatcher>(load, t, t, false, false);
    case Test::NotEqual: return std::make_unique<CountMatcher>(load, t, t, true, true);
    case Test::Less: return std::make_unique<CountMatcher>(load, min, t - 1, false, false);
    case Test::LessEqual: return std::make_unique<CountMatcher>(load, min, t, false, false);
    case Test::Greater: return std::make_unique<CountMatcher>(load, t == max ? 1 : t + 1, t == max ? 0 : max, false, false);
    default: return std::make_unique<CountMatcher>(load, t, max, false, false);
    }
}

} // namespace arraylens
