// SPDX-License-Identifier: MIT
#include "core/value_histogram.h"

#include "core/array_source.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

namespace arraylens {

namespace {

/// Bins of the second pass when the rule decides: every power of two up to
/// this many merges into whole bins.
constexpr int kFineBins = 4096;

/// The value that a fraction p of the counted values lies below, read off a
/// histogram of `fine` bins over low…high (linear within a bin).
double quantile(const std::vector<std::int64_t>& fine, std::int64_t total, double p, double low, double high)
{
    const double target = p * static_cast<double>(total);
    double below = 0;
    const double width = high / 2 - low / 2; // halves: high - low may overflow
    for (std::size_t b = 0; b < fine.size(); ++b) {
        const double count = static_cast<double>(fine[b]);
        if (below + count >= target && count > 0) {
            const double within = (target - below) / count;
            return low + 2 * width * ((static_cast<double>(b) + within) / static_cast<double>(fine.size()));
        }
        below += count;
    }
    return high;
}

} // namespace

double ValueHistogram::edge(int b) const
{
    const double t = static_cast<double>(b) / static_cast<double>(binCount());
    return low_ * (1 - t) + high_ * t; // no high - low: it may overflow
}

std::int64_t ValueHistogram::largestCount() const
{
    return counts_.empty() ? 0 : *std::max_element(counts_.begin(), counts_.end());
}

std::optional<ValueHistogram> ValueHistogram::read(ArraySource& source, const CellRange& range, int maxBins,
                                                   const ValueScanner::Progress& progress)
{
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    ValueHistogram histogram;
    const std::int64_t cells = std::max<std::int64_t>(0, range.cellCount());

    // Pass 1: the range and what is not a finite value.
    double min = std::numeric_limits<double>::infinity();
    double max = -std::numeric_limits<double>::infinity();
    bool integers = true;
    const auto survey = [&](std::int64_t, std::span<const double> values, std::span<const std::uint8_t> masked) {
        for (std::size_t k = 0; k < values.size(); ++k) {
            const double v = values[k];
            if (std::isfinite(v)) {
                min = std::min(min, v);
                max = std::max(max, v);
                integers = integers && v == std::trunc(v);
                ++histogram.finiteCount_;
            } else if (std::isnan(v)) {
                if (!masked.empty() && masked[k])
                    ++histogram.maskedCount_;
                else
                    ++histogram.nanCount_;
            } else if (v > 0) {
                ++histogram.posInfCount_;
            } else {
                ++histogram.negInfCount_;
            }
        }
    };
    if (!ValueScanner::scan(source, range, survey, progress))
        return std::nullopt;
    if (histogram.finiteCount_ == 0) {
        histogram.min_ = histogram.max_ = histogram.low_ = histogram.high_ = kNaN;
        return histogram;
    }
    histogram.min_ = min;
    histogram.max_ = max;

    // Pass 2: counts, in bins of their own (few integers) or fine ones the rule then merges.
    const int largest = std::bit_floor(static_cast<unsigned>(std::clamp(maxBins, kMinBins, kFineBins)));
    const bool perInteger = integers && max - min < largest;
    const int bins = perInteger ? static_cast<int>(max - min) + 1 : kFineBins;
    std::vector<std::int64_t> counts(static_cast<std::size_t>(bins));
    const double halfWidth = max / 2 - min / 2; // halves: max - min may overflow
    const double scale = halfWidth > 0 ? bins / halfWidth : 0;
    const auto count = [&](std::int64_t, std::span<const double> values, std::span<const std::uint8_t>) {
        for (const double v : values) {
            if (!std::isfinite(v))
                continue;
            const double at = perInteger ? v - min : (v / 2 - min / 2) * scale;
            ++counts[static_cast<std::size_t>(std::clamp(static_cast<int>(at), 0, bins - 1))];
        }
    };
    const auto secondProgress = [&](std::int64_t done) { return !progress || progress(cells + done); };
    if (!ValueScanner::scan(source, range, count, secondProgress))
        return std::nullopt;

    if (perInteger) {
        histogram.counts_ = std::move(counts);
        histogram.low_ = min - 0.5;
        histogram.high_ = max + 0.5;
        return histogram;
    }
    // Freedman–Diaconis, with the quartiles from the fine bins.
    const double iqr = quantile(counts, histogram.finiteCount_, 0.75, min, max) -
                       quantile(counts, histogram.finiteCount_, 0.25, min, max);
    int chosen = kFallbackBins;
    if (iqr > 0 && std::isfinite(iqr)) {
        const double width = 2 * iqr / std::cbrt(static_cast<double>(histogram.finiteCount_));
        const double rule = 2 * halfWidth / width;
        chosen = rule >= largest ? largest : static_cast<int>(std::exp2(std::round(std::log2(std::max(rule, 1.0)))));
    }
    chosen = std::clamp(chosen, kMinBins, largest);
    const int merged = kFineBins / chosen;
    histogram.counts_.assign(static_cast<std::size_t>(chosen), 0);
    for (int b = 0; b < kFineBins; ++b)
        histogram.counts_[static_cast<std::size_t>(b / merged)] += counts[static_cast<std::size_t>(b)];
    histogram.low_ = min;
    histogram.high_ = max;
    return histogram;
}

} // namespace arraylens
