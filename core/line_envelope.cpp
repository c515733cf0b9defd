// SPDX-License-Identifier: MIT
#include "core/line_envelope.h"

#include "core/array_source.h"
#include "core/errors.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace arraylens {

namespace {

/// floor(a * b / c) without overflow (a run can be 2^62 cells of a broadcast view).
std::int64_t mulDiv(std::int64_t a, std::int64_t b, std::int64_t c)
{
    return static_cast<std::int64_t>(static_cast<__int128>(a) * b / c);
}

} // namespace

std::int64_t LineEnvelope::bucketBegin(std::int64_t b) const
{
    return mulDiv(b, length_, bucketCount());
}

std::int64_t LineEnvelope::bucketOf(std::int64_t i) const
{
    // The last b with floor(b n / B) <= i, i.e. b n < (i + 1) B.
    return static_cast<std::int64_t>((static_cast<__int128>(i + 1) * bucketCount() - 1) / length_);
}

std::optional<LineEnvelope> LineEnvelope::read(ArraySource& source, const CellRange& run, std::int64_t buckets,
                                               const ValueScanner::Progress& progress)
{
    if (run.rowCount != 1 && run.columnCount != 1)
        throw Error("a line plot reads one row or one column, not " + std::to_string(run.rowCount) + " x " +
                    std::to_string(run.columnCount) + " cells");
    LineEnvelope envelope;
    envelope.length_ = std::max<std::int64_t>(0, run.cellCount());
    if (envelope.length_ == 0)
        return envelope;
    const std::int64_t count = std::clamp<std::int64_t>(buckets, 1, envelope.length_);
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
    envelope.buckets_.assign(static_cast<std::size_t>(count), EnvelopeBucket{kNaN, kNaN, kNaN, kNaN});

    double finiteMin = std::numeric_limits<double>::infinity();
    double finiteMax = -std::numeric_limits<double>::infinity();
    std::int64_t bucket = -1;
    std::int64_t bucketEnd = 0; // run index where the current bucket ends
    EnvelopeBucket* current = nullptr;
    const auto consume = [&](std::int64_t first, std::span<const double> values, std::span<const std::uint8_t> masked) {
        for (std::size_t k = 0; k < values.size(); ++k) {
            const std::int64_t i = first + static_cast<std::int64_t>(k);
            if (i >= bucketEnd) {
                ++bucket;
                bucketEnd = mulDiv(bucket + 1, envelope.length_, count);
                current = &envelope.buckets_[static_cast<std::size_t>(bucket)];
                current->first = values[k];
            }
            const double v = values[k];
            current->last = v;
            if (std::isfinite(v)) {
                // min/max start as NaN: the comparisons below are false for it, hence the explicit test.
                if (!(current->min <= v))
                    current->min = v;
                if (!(current->max >= v))
                    current->max = v;
            } else if (std::isnan(v)) {
                current->hasNaN = true;
                if (!masked.empty() && masked[k])
                    ++envelope.maskedCount_;
                else
                    ++envelope.nanCount_;
            } else if (v > 0) {
                current->hasPosInf = true;
                ++envelope.posInfCount_;
            } else {
                current->hasNegInf = true;
                ++envelope.negInfCount_;
            }
        }
    };
    if (!ValueScanner::scan(source, run, consume, progress))
        return std::nullopt;
    for (const EnvelopeBucket& b : envelope.buckets_) {
        if (std::isfinite(b.min)) {
            finiteMin = std::min(finiteMin, b.min);
            finiteMax = std::max(finiteMax, b.max);
        }
    }
    envelope.finiteMin_ = finiteMin <= finiteMax ? finiteMin : kNaN;
    envelope.finiteMax_ = finiteMin <= finiteMax ? finiteMax : kNaN;
    return envelope;
}

} // namespace arraylens
