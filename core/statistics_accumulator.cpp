// SPDX-License-Identifier: MIT
#include "core/statistics_accumulator.h"

#include "core/float_repr.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace arraylens {

namespace {

// -1, 0, 1 as an integer compares with a finite or infinite double, exactly:
// the double's integer part is compared as an integer, then its fraction.
int compareSigned(std::int64_t i, double f)
{
    if (f >= 9223372036854775808.0)
        return -1;
    if (f < -9223372036854775808.0)
        return 1;
    const double whole = std::trunc(f);
    const auto w = static_cast<std::int64_t>(whole);
    if (i != w)
        return i < w ? -1 : 1;
    return f > whole ? -1 : f < whole ? 1 : 0;
}

int compareUnsigned(std::uint64_t u, double f)
{
    if (f >= 18446744073709551616.0)
        return -1;
    if (f < 0)
        return 1;
    const double whole = std::trunc(f);
    const auto w = static_cast<std::uint64_t>(whole);
    if (u != w)
        return u < w ? -1 : 1;
    return f > whole ? -1 : 0;
}

// a < b for any pair of kinds.
int compare(const StatisticsValue& a, const StatisticsValue& b)
{
    using Kind = StatisticsValue::Kind;
    if (b.kind == Kind::Float && a.kind != Kind::Float)
        return -compare(b, a);
    switch (a.kind) {
    case Kind::Float:
        if (b.kind == Kind::Float)
            return a.floatValue < b.floatValue ? -1 : a.floatValue > b.floatValue ? 1 : 0;
        return b.kind == Kind::Signed ? -compareSigned(b.signedValue, a.floatValue)
                                      : -compareUnsigned(b.unsignedValue, a.floatValue);
    case Kind::Signed:
        if (b.kind == Kind::Signed)
            return a.signedValue < b.signedValue ? -1 : a.signedValue > b.signedValue ? 1 : 0;
        if (a.signedValue < 0)
            return -1;
        return compare(StatisticsValue::ofUnsigned(static_cast<std::uint64_t>(a.signedValue)), b);
    case Kind::Unsigned:
        if (b.kind == Kind::Signed)
            return -compare(b, a);
        return a.unsignedValue < b.unsignedValue ? -1 : a.unsignedValue > b.unsignedValue ? 1 : 0;
    }
    return 0;
}

} // namespace

double StatisticsValue::toDouble() const
{
    switch (kind) {
    case Kind::Signed: return static_cast<double>(signedValue);
    case Kind::Unsigned: return static_cast<double>(unsignedValue);
    case Kind::Float: return floatValue;
    }
    return floatValue;
}

std::string StatisticsValue::text() const
{
    switch (kind) {
    case Kind::Signed: return std::to_string(signedValue);
    case Kind::Unsigned: return std::to_string(unsignedValue);
    case Kind::Float: break;
    }
    char text[FloatRepr::kMaxTextSize];
    return std::string(text, FloatRepr::write(text, floatValue, true));
}

bool StatisticsValue::less(const StatisticsValue& a, const StatisticsValue& b)
{
    return compare(a, b) < 0;
}

void StatisticsAccumulator::addBlock(std::int64_t count, std::int64_t nans, double mean, double m2)
{
    nans_ += nans;
    if (count == 0)
        return;
    if (count_ == 0) {
        count_ = count;
        mean_ = mean;
        m2_ = m2;
        return;
    }
    // Chan, Golub and LeVeque's update: exact in exact arithmetic, and each
    // term is a deviation, never a raw square.
    const double total = static_cast<double>(count_ + count);
    const double delta = mean - mean_;
    const double weight = static_cast<double>(count) / total;
    mean_ += delta * weight;
    m2_ += m2 + delta * delta * static_cast<double>(count_) * weight;
    count_ += count;
}

void StatisticsAccumulator::addSignedExtremes(std::int64_t lo, std::int64_t hi)
{
    signedLo_ = hasSigned_ ? std::min(signedLo_, lo) : lo;
    signedHi_ = hasSigned_ ? std::max(signedHi_, hi) : hi;
    hasSigned_ = true;
}

void StatisticsAccumulator::addUnsignedExtremes(std::uint64_t lo, std::uint64_t hi)
{
    unsignedLo_ = hasUnsigned_ ? std::min(unsignedLo_, lo) : lo;
    unsignedHi_ = hasUnsigned_ ? std::max(unsignedHi_, hi) : hi;
    hasUnsigned_ = true;
}

void StatisticsAccumulator::addFloatExtremes(double lo, double hi)
{
    floatLo_ = hasFloat_ ? std::min(floatLo_, lo) : lo;
    floatHi_ = hasFloat_ ? std::max(floatHi_, hi) : hi;
    hasFloat_ = true;
}

void StatisticsAccumulator::merge(const StatisticsAccumulator& other)
{
    addBlock(other.count_, other.nans_, other.mean_, other.m2_);
    if (other.hasSigned_)
        addSignedExtremes(other.signedLo_, other.signedHi_);
    if (other.hasUnsigned_)
        addUnsignedExtremes(other.unsignedLo_, other.unsignedHi_);
    if (other.hasFloat_)
        addFloatExtremes(other.floatLo_, other.floatHi_);
}

std::optional<StatisticsValue> StatisticsAccumulator::min() const
{
    std::optional<StatisticsValue> best;
    const auto consider = [&best](bool has, const StatisticsValue& value) {
        if (has && (!best || StatisticsValue::less(value, *best)))
            best = value;
    };
    consider(hasSigned_, StatisticsValue::ofSigned(signedLo_));
    consider(hasUnsigned_, StatisticsValue::ofUnsigned(unsignedLo_));
    consider(hasFloat_, StatisticsValue::ofFloat(floatLo_));
    return best;
}

std::optional<StatisticsValue> StatisticsAccumulator::max() const
{
    std::optional<StatisticsValue> best;
    const auto consider = [&best](bool has, const StatisticsValue& value) {
        if (has && (!best || StatisticsValue::less(*best, value)))
            best = value;
    };
    consider(hasSigned_, StatisticsValue::ofSigned(signedHi_));
    consider(hasUnsigned_, StatisticsValue::ofUnsigned(unsignedHi_));
    consider(hasFloat_, StatisticsValue::ofFloat(floatHi_));
    return best;
}

std::optional<double> StatisticsAccumulator::mean() const
{
    if (count_ == 0)
        return std::nullopt;
    // With infinities the blocks' sums are inf or NaN in an order-dependent
    // way; say what NumPy says, from the extremes.
    const bool negativeInfinity = hasFloat_ && floatLo_ == -HUGE_VAL;
    const bool positiveInfinity = hasFloat_ && floatHi_ == HUGE_VAL;
    if (negativeInfinity && positiveInfinity)
        return std::numeric_limits<double>::quiet_NaN();
    if (negativeInfinity || positiveInfinity)
        return positiveInfinity ? HUGE_VAL : -HUGE_VAL;
    return mean_;
}

std::optional<double> StatisticsAccumulator::standardDeviation() const
{
    if (count_ == 0)
        return std::nullopt;
    if (hasFloat_ && (floatLo_ == -HUGE_VAL || floatHi_ == HUGE_VAL))
        return std::numeric_limits<double>::quiet_NaN(); // inf - inf in NumPy's deviations
    return std::sqrt(std::max(0.0, m2_) / static_cast<double>(count_));
}

} // namespace arraylens
