// SPDX-License-Identifier: MIT
#pragma once

// What a line plot of a long run of cells needs, and no more: the run (one
// row or one column of a source, 10^8 or 10^9 cells) cut into as many
// buckets as the plot has pixel columns, each keeping the smallest and
// largest finite value it holds, its first and last value (to join it to its
// neighbours) and whether it holds NaN or ±inf. Drawing the buckets' min…max
// spans joined end to start shows every spike a full line would show, at a
// cost that depends on the plot's width, not on the run's length. A run no
// longer than the bucket count keeps every value (one per bucket).

#include "core/cell_range.h"
#include "core/value_scanner.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace arraylens {

class ArraySource;

/// One bucket: cells [begin, end) of the run.
struct EnvelopeBucket {
    double min = 0;   ///< smallest finite value; NaN when the bucket has none
    double max = 0;   ///< largest finite value; NaN when the bucket has none
    double first = 0; ///< the first cell's value (NaN, ±inf as they are)
    double last = 0;  ///< the last cell's value
    bool hasNaN = false;    ///< a NaN or masked cell: a gap in the line
    bool hasPosInf = false; ///< clipped to the top and marked
    bool hasNegInf = false; ///< clipped to the bottom and marked
};

class LineEnvelope {
public:
    /// Reads `run` (one row or one column of source: rowCount or
    /// columnCount is 1) into at most `buckets` buckets (at least 1).
    /// Nothing when progress cancelled; throws Error for cells with no
    /// numeric value, SliceError for a run outside the source.
    [[nodiscard]] static std::optional<LineEnvelope> read(ArraySource& source, const CellRange& run,
                                                          std::int64_t buckets,
                                                          const ValueScanner::Progress& progress = {});

    /// Cells in the run.
    [[nodiscard]] std::int64_t length() const { return length_; }
    [[nodiscard]] std::int64_t bucketCount() const { return static_cast<std::int64_t>(buckets_.size()); }
    [[nodiscard]] const EnvelopeBucket& bucket(std::int64_t b) const { return buckets_[static_cast<std::size_t>(b)]; }
    /// The first cell (run index) of bucket b; bucketBegin(bucketCount()) is length().
    [[nodiscard]] std::int64_t bucketBegin(std::int64_t b) const;
    /// The bucket holding run index i.
    [[nodiscard]] std::int64_t bucketOf(std::int64_t i) const;
    /// True when every bucket holds one cell: the values themselves.
    [[nodiscard]] bool isExact() const { return bucketCount() == length_; }

    /// The finite values' range; NaN when there are none.
    [[nodiscard]] double finiteMin() const { return finiteMin_; }
    [[nodiscard]] double finiteMax() const { return finiteMax_; }
    /// NaN cells (masked cells not included), +inf and -inf cells, masked cells.
    [[nodiscard]] std::int64_t nanCount() const { return nanCount_; }
    [[nodiscard]] std::int64_t posInfCount() const { return posInfCount_; }
    [[nodiscard]] std::int64_t negInfCount() const { return negInfCount_; }
    [[nodiscard]] std::int64_t maskedCount() const { return maskedCount_; }

private:
    std::int64_t length_ = 0;
    std::vector<EnvelopeBucket> buckets_;
    double finiteMin_ = 0;
    double finiteMax_ = 0;
    std::int64_t nanCount_ = 0;
    std::int64_t posInfCount_ = 0;
    std::int64_t negInfCount_ = 0;
    std::int64_t maskedCount_ = 0;
};

} // namespace arraylens
