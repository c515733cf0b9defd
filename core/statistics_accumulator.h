// SPDX-License-Identifier: MIT
#pragma once

// What one pass over numbers gathers (issue 12, item 5): count, NaN count,
// exact extremes, mean and the sum of squared deviations, in a form that
// merges: blocks into a work unit, units into a thread, threads into the
// result. Mean and spread merge by Chan et al.'s pairwise formula, each
// block having been summed in two passes from cache (its mean first, then
// the squares of the deviations from it): no naive sum of squares, so a
// large offset costs no digits.
//
// Extremes stay in the type they were read in: int64 and uint64 compare and
// print exactly (2^63 - 1 is not 9223372036854775808.0), floats as doubles.

#include <cstdint>
#include <optional>
#include <string>

namespace arraylens {

/// One extreme, exactly as read: a signed or unsigned integer, or a float.
struct StatisticsValue {
    enum class Kind : std::uint8_t { Signed, Unsigned, Float };
    Kind kind = Kind::Float;
    std::int64_t signedValue = 0;
    std::uint64_t unsignedValue = 0;
    double floatValue = 0;

    [[nodiscard]] static StatisticsValue ofSigned(std::int64_t v) { return {Kind::Signed, v, 0, 0}; }
    [[nodiscard]] static StatisticsValue ofUnsigned(std::uint64_t v) { return {Kind::Unsigned, 0, v, 0}; }
    [[nodiscard]] static StatisticsValue ofFloat(double v) { return {Kind::Float, 0, 0, v}; }

    /// The value as a double (rounded for integers beyond 2^53).
    [[nodiscard]] double toDouble() const;
    /// Exact: integers in full, floats as the shortest text that reads back
    /// ("inf", "-inf" for infinities).
    [[nodiscard]] std::string text() const;
    /// Exact comparison across kinds (no rounding of int64 or uint64 through double).
    [[nodiscard]] static bool less(const StatisticsValue& a, const StatisticsValue& b);
};

class StatisticsAccumulator {
public:
    /// One block summed in two passes: `count` values (NaN excluded) with
    /// mean `mean` and sum of squared deviations `m2`, and `nans` NaNs.
    void addBlock(std::int64_t count, std::int64_t nans, double mean, double m2);
    /// The extremes of values read as signed integers (unsigned; floats).
    void addSignedExtremes(std::int64_t lo, std::int64_t hi);
    void addUnsignedExtremes(std::uint64_t lo, std::uint64_t hi);
    void addFloatExtremes(double lo, double hi);
    /// Adds another accumulator's values (another block, unit or thread).
    void merge(const StatisticsAccumulator& other);

    /// Values counted (NaN excluded; ±inf included).
    [[nodiscard]] std::int64_t count() const { return count_; }
    [[nodiscard]] std::int64_t nanCount() const { return nans_; }
    /// Nothing when no value was counted.
    [[nodiscard]] std::optional<StatisticsValue> min() const;
    [[nodiscard]] std::optional<StatisticsValue> max() const;
    /// NumPy's nanmean and nanstd (ddof 0): ±inf gives ±inf and NaN, both
    /// infinities NaN and NaN; nothing when no value was counted.
    [[nodiscard]] std::optional<double> mean() const;
    [[nodiscard]] std::optional<double> standardDeviation() const;

private:
    std::int64_t count_ = 0;
    std::int64_t nans_ = 0;
    double mean_ = 0;
    double m2_ = 0;
    bool hasSigned_ = false, hasUnsigned_ = false, hasFloat_ = false;
    std::int64_t signedLo_ = 0, signedHi_ = 0;
    std::uint64_t unsignedLo_ = 0, unsignedHi_ = 0;
    double floatLo_ = 0, floatHi_ = 0;
};

} // namespace arraylens
