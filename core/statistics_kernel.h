// SPDX-License-Identifier: MIT
#pragma once

// The inner loops of the statistics (issue 12, item 5), one per kernel type
// K: double, float and the integers. The number codecs instantiate them for
// their element types (number_codec.cpp): an element type is summed as the
// kernel type it reads as (float16 as float, long double as double, complex
// as its magnitude, bool as 0/1), so this file holds no switch over element
// types, only the arithmetic.
//
// A run is cut into blocks of kBlockSize values that stay in L1 cache: the
// first pass over a block counts NaNs and finds its extremes and sum, the
// second sums the squared deviations from the block's mean; the blocks then
// merge through StatisticsAccumulator (Chan's formula). Each pass keeps
// kLanes independent accumulators so that the compiler vectorises it
// (floating-point addition is not associative: without lanes it may not).
// Native, packed, aligned runs are read in place; any other run (strided,
// byte-swapped, masked, or of a type read through a conversion) is first
// gathered into a block buffer, so the loops below always see packed K.

#include "core/element_codec.h"
#include "core/statistics_accumulator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

namespace arraylens::statistics_kernel {

constexpr std::int64_t kBlockSize = 1024;
constexpr int kLanes = 8;

/// Adds `n` packed values (1 <= n <= kBlockSize) to `statistics` as one block.
template <class K>
void addBlock(const K* __restrict x, std::int64_t n, StatisticsAccumulator& statistics)
{
    if constexpr (std::is_floating_point_v<K>) {
        double lo[kLanes], hi[kLanes], sum[kLanes], nans[kLanes];
        for (int j = 0; j < kLanes; ++j) {
            lo[j] = HUGE_VAL;
            hi[j] = -HUGE_VAL;
            sum[j] = 0;
            nans[j] = 0;
        }
        const std::int64_t whole = n - n % kLanes;
        for (std::int64_t i = 0; i < whole; i += kLanes) {
            for (int j = 0; j < kLanes; ++j) {
                const double v = static_cast<double>(x[i + j]);
                const bool isNan = v != v;
                nans[j] += isNan ? 1.0 : 0.0;
                lo[j] = v < lo[j] ? v : lo[j]; // NaN compares false: left out
                hi[j] = v > hi[j] ? v : hi[j];
                sum[j] += isNan ? 0.0 : v;
            }
        }
        for (std::int64_t i = whole; i < n; ++i) {
            const double v = static_cast<double>(x[i]);
            const bool isNan = v != v;
            nans[0] += isNan ? 1.0 : 0.0;
            lo[0] = v < lo[0] ? v : lo[0];
            hi[0] = v > hi[0] ? v : hi[0];
            sum[0] += isNan ? 0.0 : v;
        }
        double nanTotal = 0, total = 0, low = HUGE_VAL, high = -HUGE_VAL;
        for (int j = 0; j < kLanes; ++j) {
            nanTotal += nans[j];
            total += sum[j];
            low = std::min(low, lo[j]);
            high = std::max(high, hi[j]);
        }
        const auto nanCount = static_cast<std::int64_t>(nanTotal);
        const std::int64_t count = n - nanCount;
        if (count == 0) {
            statistics.addBlock(0, nanCount, 0, 0);
            return;
        }
        const double mean = total / static_cast<double>(count);
        double m2[kLanes] = {};
        for (std::int64_t i = 0; i < whole; i += kLanes) {
            for (int j = 0; j < kLanes; ++j) {
                const double v = static_cast<double>(x[i + j]);
                const double d = v - mean;
                m2[j] += v != v ? 0.0 : d * d;
            }
        }
        for (std::int64_t i = whole; i < n; ++i) {
            const double v = static_cast<double>(x[i]);
            const double d = v - mean;
            m2[0] += v != v ? 0.0 : d * d;
        }
        double m2Total = 0;
        for (int j = 0; j < kLanes; ++j)
            m2Total += m2[j];
        statistics.addBlock(count, nanCount, mean, m2Total);
        statistics.addFloatExtremes(low, high);
    } else {
        static_assert(std::is_integral_v<K> && !std::is_same_v<K, bool>);
        // Up to 32-bit values sum exactly in 64 bits over a block; 64-bit
        // ones are summed as doubles, as NumPy's mean does.
        using Sum = std::conditional_t<(sizeof(K) <= 4), std::int64_t, double>;
        K lo[kLanes], hi[kLanes];
        Sum sum[kLanes];
        for (int j = 0; j < kLanes; ++j) {
            lo[j] = std::numeric_limits<K>::max();
            hi[j] = std::numeric_limits<K>::lowest();
            sum[j] = 0;
        }
        const std::int64_t whole = n - n % kLanes;
        for (std::int64_t i = 0; i < whole; i += kLanes) {
            for (int j = 0; j < kLanes; ++j) {
                const K v = x[i + j];
                lo[j] = v < lo[j] ? v : lo[j];
                hi[j] = v > hi[j] ? v : hi[j];
                sum[j] += static_cast<Sum>(v);
            }
        }
        for (std::int64_t i = whole; i < n; ++i) {
            const K v = x[i];
            lo[0] = v < lo[0] ? v : lo[0];
            hi[0] = v > hi[0] ? v : hi[0];
            sum[0] += static_cast<Sum>(v);
        }
        Sum total = 0;
        K low = lo[0], high = hi[0];
        for (int j = 0; j < kLanes; ++j) {
            total += sum[j];
            low = std::min(low, lo[j]);
            high = std::max(high, hi[j]);
        }
        const double mean = static_cast<double>(total) / static_cast<double>(n);
        double m2[kLanes] = {};
        for (std::int64_t i = 0; i < whole; i += kLanes) {
            for (int j = 0; j < kLanes; ++j) {
                const double d = static_cast<double>(x[i + j]) - mean;
                m2[j] += d * d;
            }
        }
        for (std::int64_t i = whole; i < n; ++i) {
            const double d = static_cast<double>(x[i]) - mean;
            m2[0] += d * d;
        }
        double m2Total = 0;
        for (int j = 0; j < kLanes; ++j)
            m2Total += m2[j];
        statistics.addBlock(n, 0, mean, m2Total);
        if constexpr (std::is_signed_v<K>)
            statistics.addSignedExtremes(low, high);
        else
            statistics.addUnsignedExtremes(low, high);
    }
}

/// Adds a run's values to `statistics`. `read(p)` gives the element at p as
/// a K; `inPlace` says the elements are K already, in native byte order, so
/// that a packed, aligned, unmasked run is read where it lies.
template <class K, class Read>
void accumulateRun(const StatisticsRun& run, bool inPlace, Read read, StatisticsAccumulator& statistics)
{
    if (run.count <= 0)
        return;
    if (inPlace && !run.mask && run.stride == static_cast<std::int64_t>(sizeof(K)) &&
        reinterpret_cast<std::uintptr_t>(run.data) % alignof(K) == 0) {
        const auto* values = reinterpret_cast<const K*>(run.data);
        for (std::int64_t i = 0; i < run.count; i += kBlockSize)
            addBlock(values + i, std::min(kBlockSize, run.count - i), statistics);
        return;
    }
    K buffer[kBlockSize];
    std::int64_t held = 0;
    const std::byte* p = run.data;
    const std::byte* m = run.mask;
    for (std::int64_t i = 0; i < run.count; ++i, p += run.stride) {
        if (m) {
            const bool isMasked = *m != std::byte{0};
            m += run.maskStride;
            if (isMasked)
                continue;
        }
        buffer[held++] = read(p);
        if (held == kBlockSize) {
            addBlock(buffer, held, statistics);
            held = 0;
        }
    }
    if (held > 0)
        addBlock(buffer, held, statistics);
}

} // namespace arraylens::statistics_kernel
