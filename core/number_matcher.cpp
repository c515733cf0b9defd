// SPDX-License-Identifier: MIT
#include "core/number_matcher.h"

#include "core/cell_text.h"
#include "core/element_codec.h"
#include "core/errors.h"
#include "core/find_condition.h"
#include "core/float16.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <complex>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

namespace arraylens {

namespace {

using Test = FindCondition::Test;
using Wide = __int128; // holds every int64 and uint64 value, and one past either end

template <class T>
constexpr bool kIsComplex = false;
template <class F>
constexpr bool kIsComplex<std::complex<F>> = true;

// ---------------------------------------------------------------- reading

// The element at p in native order (its components reversed when swapped).
template <class T, bool Swapped>
inline T load(const std::byte* p)
{
    if constexpr (std::is_same_v<T, bool>) {
        return *p != std::byte{0};
    } else {
        unsigned char bytes[sizeof(T)];
        std::memcpy(bytes, p, sizeof(T));
        if constexpr (Swapped) {
            constexpr std::size_t part = kIsComplex<T> ? sizeof(T) / 2 : sizeof(T);
            for (std::size_t offset = 0; offset < sizeof(T); offset += part)
                std::reverse(bytes + offset, bytes + offset + part);
        }
        T value;
        std::memcpy(&value, bytes, sizeof(T));
        return value;
    }
}

// An integer as wide as T (up to 8 bytes): OR-ing the tests in lanes of the
// elements' own width is what lets GCC vectorize the loop (a bool does not).
template <class T>
using Lane = std::conditional_t<sizeof(T) >= 8, std::uint64_t,
                                std::conditional_t<sizeof(T) == 4, std::uint32_t,
                                                   std::conditional_t<sizeof(T) == 2, std::uint16_t, std::uint8_t>>>;

// Scans count elements for the first (last) that pred accepts. Runs of
// adjacent elements are tested 64 at a time without a branch per element,
// which the compiler turns into vector code; a block with a match is then
// searched element by element.
template <class T, bool Swapped, class Pred>
std::int64_t scan(const std::byte* p, std::int64_t stride, std::int64_t count, bool backward, const Pred& pred)
{
    constexpr std::int64_t kBlock = 64;
    constexpr std::int64_t size = sizeof(T);
    if (stride == -size && count > 1) {
        // The same memory read upwards: search it the other way round.
        const std::int64_t i = scan<T, Swapped>(p + (count - 1) * stride, size, count, !backward, pred);
        return i < 0 ? -1 : count - 1 - i;
    }
    const auto test = [&](std::int64_t i) { return pred(load<T, Swapped>(p + i * stride)); };
    if (!backward) {
        std::int64_t i = 0;
        if (stride == size) {
            for (; i + kBlock <= count; i += kBlock) {
                Lane<T> any = 0;
                for (std::int64_t j = 0; j < kBlock; ++j)
                    any |= static_cast<Lane<T>>(pred(load<T, Swapped>(p + (i + j) * size)));
                if (any)
                    break;
            }
        }
        for (; i < count; ++i)
            if (test(i))
                return i;
        return -1;
    }
    std::int64_t end = count; // elements [0, end) remain
    if (stride == size) {
        for (; end >= kBlock; end -= kBlock) {
            // Downwards within the block too: the hardware prefetcher then
            // sees one descending stream.
            Lane<T> any = 0;
            for (std::int64_t j = end - 1; j >= end - kBlock; --j)
                any |= static_cast<Lane<T>>(pred(load<T, Swapped>(p + j * size)));
            if (any)
                break;
        }
    }
    for (std::int64_t i = end - 1; i >= 0; --i)
        if (test(i))
            return i;
    return -1;
}

template <class T, class Pred>
class PredicateMatcher final : public CellMatcher {
public:
    PredicateMatcher(Pred pred, bool swapped) : pred_(pred), swapped_(swapped) {}

    std::int64_t find(const std::byte* p, std::int64_t stride, std::int64_t count, bool backward) const override
    {
        if (count <= 0)
            return -1;
        return swapped_ ? scan<T, true>(p, stride, count, backward, pred_)
                        : scan<T, false>(p, stride, count, backward, pred_);
    }

private:
    Pred pred_;
    bool swapped_;
};

template <class T, class Pred>
std::unique_ptr<const CellMatcher> matcherOf(Pred pred, bool swapped)
{
    return std::make_unique<PredicateMatcher<T, Pred>>(pred, swapped);
}

class NeverMatcher final : public CellMatcher {
public:
    std::int64_t find(const std::byte*, std::int64_t, std::int64_t, bool) const override { return -1; }
};

class AlwaysMatcher final : public CellMatcher {
public:
    std::int64_t find(const std::byte*, std::int64_t, std::int64_t count, bool backward) const override
    {
        return count <= 0 ? -1 : backward ? count - 1 : 0;
    }
};

// ---------------------------------------------------------------- the typed value

CellTextError notANumber(std::string_view operand, std::string_view typeName)
{
    return CellTextError(quotedCellText(operand) + " is not a number; " + std::string(typeName) +
                         " cells compare with numbers such as 3, -2.5, 1e6, nan or inf");
}

// A whole number exactly (decimal, or 0x, 0b, 0o as cells take them), or nothing.
std::optional<Wide> wholeNumber(std::string_view text)
{
    const IntegerText read = readIntegerText(text);
    if (!read.complete || read.error != std::errc())
        return std::nullopt; // also beyond 2^64: then it is read as a real number
    return read.negative ? -Wide(read.magnitude) : Wide(read.magnitude);
}

// Any real number, in the C locale; ±inf and nan included, and numbers
// beyond the long double range as ±inf.
std::optional<long double> realNumber(std::string_view text)
{
    long double value = 0;
    bool outOfRange = false;
    if (!readRealText(text, value, outOfRange))
        return std::nullopt;
    return value;
}

// ---------------------------------------------------------------- integers

// The integers x of [min, max] with `x test v` are [lo, hi] (inside) or
// all but [lo, hi] (outside): one test per element whatever the operator.
struct IntegerInterval {
    Wide lo = 1;
    Wide hi = 0; // empty
    bool outside = false;
};

IntegerInterval intervalOf(Test test, Wide n, Wide min, Wide max)
{
    switch (test) {
    case Test::Matches:
    case Test::Equal: return {n, n, false};
    case Test::NotEqual: return {n, n, true};
    case Test::Less: return {min, n - 1, false};
    case Test::LessEqual: return {min, n, false};
    case Test::Greater: return {n + 1, max, false};
    case Test::GreaterEqual: return {n, max, false};
    default: return {};
    }
}

// As above for a real number v that is not a whole number: x < 2.5 is x <= 2.
IntegerInterval intervalOf(Test test, long double v, Wide min, Wide max)
{
    if (std::isnan(v))
        return {1, 0, test == Test::NotEqual}; // NaN equals nothing and is unequal to all
    if (std::isinf(v)) {
        const bool below = (v > 0) == (test == Test::Less || test == Test::LessEqual);
        const bool all = test == Test::NotEqual || ((test == Test::Less || test == Test::LessEqual ||
                                                     test == Test::Greater || test == Test::GreaterEqual) &&
                                                    below);
        return all ? IntegerInterval{min, max, false} : IntegerInterval{};
    }
    const long double clamped = std::clamp(v, static_cast<long double>(min) - 1, static_cast<long double>(max) + 1);
    const Wide floor = static_cast<Wide>(std::floor(clamped));
    const Wide ceil = static_cast<Wide>(std::ceil(clamped));
    switch (test) {
    case Test::Matches:
    case Test::Equal: return {};
    case Test::NotEqual: return {min, max, false};
    case Test::Less:
    case Test::LessEqual: return {min, floor, false};
    case Test::Greater:
    case Test::GreaterEqual: return {ceil, max, false};
    default: return {};
    }
}

template <class I>
struct UnsignedOf : std::make_unsigned<I> {};
template <>
struct UnsignedOf<bool> {
    using type = unsigned char;
};

template <class I>
std::unique_ptr<const CellMatcher> integerMatcher(const FindCondition& condition, std::string_view typeName,
                                                  bool swapped)
{
    const Wide min = std::is_same_v<I, bool> ? 0 : std::numeric_limits<I>::min();
    const Wide max = std::is_same_v<I, bool> ? 1 : std::numeric_limits<I>::max();
    if (condition.test == Test::IsNan)
        return condition.negated ? std::unique_ptr<const CellMatcher>(std::make_unique<AlwaysMatcher>())
                                 : std::make_unique<NeverMatcher>();
    if (condition.test == Test::IsInf)
        return std::make_unique<NeverMatcher>();
    const std::string_view operand = trimmedCellText(condition.operand);
    std::optional<Wide> whole = wholeNumber(operand);
    if constexpr (std::is_same_v<I, bool>) {
        std::string lower(operand);
        std::transform(lower.begin(), lower.end(), lower.begin(), [](char c) { return static_cast<char>(c | 0x20); });
        if (lower == "true")
            whole = 1;
        else if (lower == "false")
            whole = 0;
    }
    IntegerInterval interval;
    if (whole) {
        interval = intervalOf(condition.test, *whole, min, max);
    } else if (const std::optional<long double> real = realNumber(operand)) {
        // A whole number written as a real one ("3.0", "1e3") is that integer.
        if (std::isfinite(*real) && std::floor(*real) == *real && std::fabs(*real) < 0x1p100L)
            interval = intervalOf(condition.test, static_cast<Wide>(*real), min, max);
        else
            interval = intervalOf(condition.test, *real, min, max);
    } else {
        throw notANumber(operand, typeName);
    }
    interval.lo = std::max(interval.lo, min);
    interval.hi = std::min(interval.hi, max);
    if (interval.lo > interval.hi)
        return interval.outside ? std::unique_ptr<const CellMatcher>(std::make_unique<AlwaysMatcher>())
                                : std::make_unique<NeverMatcher>();
    if (interval.lo == min && interval.hi == max)
        return interval.outside ? std::unique_ptr<const CellMatcher>(std::make_unique<NeverMatcher>())
                                : std::make_unique<AlwaysMatcher>();
    // x in [lo, hi] is one unsigned comparison: x - lo <= hi - lo.
    using U = typename UnsignedOf<I>::type;
    const U lo = static_cast<U>(static_cast<I>(interval.lo));
    const U span = static_cast<U>(static_cast<U>(static_cast<I>(interval.hi)) - lo);
    if (interval.outside)
        return matcherOf<I>([lo, span](I x) { return static_cast<U>(static_cast<U>(x) - lo) > span; }, swapped);
    return matcherOf<I>([lo, span](I x) { return static_cast<U>(static_cast<U>(x) - lo) <= span; }, swapped);
}

// ---------------------------------------------------------------- floats

// What a float compares as: a half through double (exact), others as they are.
template <class F>
using Comparable = decltype(widenedFloat(F{}));

template <class F>
Comparable<F> largestFinite()
{
    if constexpr (std::is_same_v<F, Float16>)
        return 65504.0;
    else
        return std::numeric_limits<F>::max();
}

template <class C, class Pred>
std::unique_ptr<const CellMatcher> orderingMatcher(Test test, C v, Pred wrap)
{
    switch (test) {
    case Test::Less: return wrap([v](C x) { return x < v; });
    case Test::LessEqual: return wrap([v](C x) { return x <= v; });
    case Test::Greater: return wrap([v](C x) { return x > v; });
    default: return wrap([v](C x) { return x >= v; });
    }
}

template <class F>
std::unique_ptr<const CellMatcher> floatMatcher(const FindCondition& condition, const ElementCodec& codec,
                                                std::string_view typeName, bool swapped)
{
    using C = Comparable<F>;
    const auto wrap = [swapped](auto pred) {
        return matcherOf<F>([pred](F x) { return pred(widenedFloat(x)); }, swapped);
    };
    const bool negated = condition.negated;
    if (condition.test == Test::IsNan)
        return wrap([negated](C x) { return std::isnan(x) != negated; });
    if (condition.test == Test::IsInf)
        return wrap([](C x) { return std::isinf(x); });
    const std::string_view operand = trimmedCellText(condition.operand);
    // The codec wrote the element in its own byte order; read it back so.
    const auto fromCodec = [&]() -> C {
        std::byte bytes[sizeof(F)];
        codec.parse(operand, bytes);
        return widenedFloat(swapped ? load<F, true>(bytes) : load<F, false>(bytes));
    };
    const Test test = condition.test;
    if (test == Test::Matches || test == Test::Equal || test == Test::NotEqual) {
        const C v = fromCodec();
        if (std::isnan(v))
            return wrap([ne = test == Test::NotEqual](C x) { return std::isnan(x) != ne; });
        if (test == Test::NotEqual)
            return wrap([v](C x) { return x != v; });
        return wrap([v](C x) { return x == v; });
    }
    C v{};
    try {
        v = fromCodec();
    } catch (const CellTextError&) {
        // Beyond the type's range (or below its smallest step): compare with
        // the nearest bound B, strictly on the side the number lies.
        const std::optional<long double> real = realNumber(operand);
        if (!real)
            throw notANumber(operand, typeName);
        const bool huge = std::fabs(*real) >= 1;
        const C bound = huge ? (*real > 0 ? largestFinite<F>() : -largestFinite<F>()) : C{0};
        const bool numberAbove = huge ? *real > 0 : !std::signbit(*real);
        const bool less = test == Test::Less || test == Test::LessEqual;
        if (numberAbove)
            return orderingMatcher(less ? Test::LessEqual : Test::Greater, bound, wrap);
        return orderingMatcher(less ? Test::Less : Test::GreaterEqual, bound, wrap);
    }
    return orderingMatcher(test, v, wrap);
}

// ---------------------------------------------------------------- complex

template <class Z>
std::unique_ptr<const CellMatcher> complexMatcher(const FindCondition& condition, const ElementCodec& codec,
                                                  std::string_view typeName, bool swapped)
{
    const bool negated = condition.negated;
    if (condition.test == Test::IsNan)
        return matcherOf<Z>([negated](Z x) { return (std::isnan(x.real()) || std::isnan(x.imag())) != negated; },
                            swapped);
    if (condition.test == Test::IsInf)
        return matcherOf<Z>([](Z x) { return std::isinf(x.real()) || std::isinf(x.imag()); }, swapped);
    const std::string_view operand = trimmedCellText(condition.operand);
    const Test test = condition.test;
    if (test == Test::Matches || test == Test::Equal || test == Test::NotEqual) {
        std::byte bytes[sizeof(Z)];
        codec.parse(operand, bytes);
        const Z v = swapped ? load<Z, true>(bytes) : load<Z, false>(bytes);
        const bool ne = test == Test::NotEqual;
        return matcherOf<Z>([v, ne](Z x) { return (x.real() == v.real() && x.imag() == v.imag()) != ne; }, swapped);
    }
    const std::optional<long double> real = realNumber(operand);
    if (!real)
        throw CellTextError(quotedCellText(operand) + " is not a real number; " + std::string(typeName) +
                            " cells are ordered by magnitude, compared with numbers such as 3 or 1e6");
    const auto wrap = [swapped](auto pred) {
        return matcherOf<Z>([pred](Z x) { return pred(static_cast<long double>(std::abs(x))); }, swapped);
    };
    return orderingMatcher(test, *real, wrap);
}

} // namespace

template <class T>
std::unique_ptr<const CellMatcher> makeNumberMatcher(const FindCondition& condition, const ElementCodec& codec,
                                                     std::string_view typeName, bool swapped)
{
    if constexpr (std::is_integral_v<T>)
        return integerMatcher<T>(condition, typeName, swapped);
    else if constexpr (kIsComplex<T>)
        return complexMatcher<T>(condition, codec, typeName, swapped);
    else
        return floatMatcher<T>(condition, codec, typeName, swapped);
}

template std::unique_ptr<const CellMatcher> makeNumberMatcher<bool>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::int8_t>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::int16_t>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::int32_t>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::int64_t>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::uint8_t>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::uint16_t>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::uint32_t>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::uint64_t>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<Float16>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<float>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<double>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<long double>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::complex<float>>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::complex<double>>(const FindCondition&, const ElementCodec&, std::string_view, bool);
template std::unique_ptr<const CellMatcher> makeNumberMatcher<std::complex<long double>>(const FindCondition&, const ElementCodec&, std::string_view, bool);

} // namespace arraylens
