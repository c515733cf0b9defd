// SPDX-License-Identifier: MIT
#pragma once

// The histogram of a rectangle of cells (a view, a selection): the finite
// values counted in equal bins over min…max, NaN, +inf, -inf and masked
// cells counted apart (a plot shows them in its caption, not as bars).
//
// Bins: integers spanning fewer than maxBins values get one bin per integer
// (a uint8 image's 256 levels, a bool's two); other values get a bin width
// from the Freedman–Diaconis rule (2 IQR / n^(1/3)), the quartiles read off
// a fine histogram of the second pass, so no value is sorted or kept; the
// count is rounded to a power of two between kMinBins and maxBins, so the
// fine bins merge exactly. Two passes over the cells: min/max, then counts.

#include "core/cell_range.h"
#include "core/value_scanner.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace arraylens {

class ArraySource;

class ValueHistogram {
public:
    static constexpr int kMinBins = 8;
    static constexpr int kDefaultMaxBins = 256;
    /// Bins when the quartiles coincide (most values equal): the rule would give one.
    static constexpr int kFallbackBins = 64;

    /// Reads `range` twice. Progress counts cells of both passes (up to
    /// 2 × cellCount). Nothing when cancelled; throws Error for cells with no
    /// numeric value, SliceError for a range outside the source.
    [[nodiscard]] static std::optional<ValueHistogram> read(ArraySource& source, const CellRange& range,
                                                            int maxBins = kDefaultMaxBins,
                                                            const ValueScanner::Progress& progress = {});

    [[nodiscard]] int binCount() const { return static_cast<int>(counts_.size()); }
    [[nodiscard]] std::int64_t count(int bin) const { return counts_[static_cast<std::size_t>(bin)]; }
    /// Bin b covers [edge(b), edge(b + 1)); the last bin includes its upper edge.
    [[nodiscard]] double edge(int b) const;
    [[nodiscard]] std::int64_t largestCount() const;

    /// Finite values counted in the bins, and their range (NaN when none).
    [[nodiscard]] std::int64_t finiteCount() const { return finiteCount_; }
    [[nodiscard]] double min() const { return min_; }
    [[nodiscard]] double max() const { return max_; }
    [[nodiscard]] std::int64_t nanCount() const { return nanCount_; }
    [[nodiscard]] std::int64_t posInfCount() const { return posInfCount_; }
    [[nodiscard]] std::int64_t negInfCount() const { return negInfCount_; }
    [[nodiscard]] std::int64_t maskedCount() const { return maskedCount_; }

private:
    std::vector<std::int64_t> counts_;
    double low_ = 0;   ///< edge(0)
    double high_ = 0;  ///< edge(binCount())
    double min_ = 0;
    double max_ = 0;
    std::int64_t finiteCount_ = 0;
    std::int64_t nanCount_ = 0;
    std::int64_t posInfCount_ = 0;
    std::int64_t negInfCount_ = 0;
    std::int64_t maskedCount_ = 0;
};

} // namespace arraylens
