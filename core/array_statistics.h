// SPDX-License-Identifier: MIT
#pragma once

// Statistics of a range of cells (issue 12, item 5): count (NaN excluded),
// NaN count, min, max, mean and population standard deviation, as NumPy's
// nanmin, nanmax, nanmean and nanstd give them, in one pass over the strided
// memory on worker threads. The per-type loops are the codecs'
// (ElementCodec::accumulateStatistics); this class cuts the range into runs
// and work units, hands them to threads, reports progress and stops when
// asked. The command line (--stats) and the window's status bar use it.

#include "core/array_source.h"
#include "core/statistics_accumulator.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace arraylens {

/// What ArrayStatistics found.
struct Statistics {
    std::int64_t count = 0;    ///< values counted: NaN and masked cells excluded, ±inf included
    std::int64_t nanCount = 0; ///< NaN cells (not masked)
    std::optional<StatisticsValue> min; ///< nothing when count is 0
    std::optional<StatisticsValue> max;
    std::optional<double> mean;
    std::optional<double> standardDeviation; ///< population (ddof 0)
    /// Some cells were complex: their magnitude was counted.
    bool ofMagnitude = false;
    /// Headers of the columns left out because they hold no numbers (a
    /// record's text or date fields).
    std::vector<std::string> skippedColumns;

    /// One JSON object: {"count", "nan", "min", "max", "mean", "std"};
    /// integer extremes as JSON integers, exactly; floats as the shortest
    /// text that reads back; NaN and ±inf as the strings "nan", "inf",
    /// "-inf"; null where there is no value (count 0). Complex cells add
    /// "of": "magnitude"; skipped columns add "skipped": [headers].
    [[nodiscard]] std::string json() const;
};

/// How ArrayStatistics::compute runs.
struct StatisticsOptions {
    /// Worker threads; 0 means one per hardware thread.
    unsigned threads = 0;
    /// Called on the calling thread every few tens of milliseconds with
    /// the cells read so far and the cells to read; returning false
    /// cancels.
    std::function<bool(std::int64_t done, std::int64_t total)> progress;
    /// Set from any thread to cancel; workers look at it between work
    /// units (a few tens of microseconds of work each).
    const std::atomic<bool>* cancelled = nullptr;
};

class ArrayStatistics {
public:
    using Options = StatisticsOptions;

    /// The statistics of `range` of `source`, or nothing when cancelled.
    /// A lazy source is read in bands of its block height with tile(),
    /// which runs Python on the calling thread: call it where that is
    /// allowed (the command line, the Python worker). Throws
    /// StatisticsError when no cell of the range holds numbers, SliceError
    /// for a range outside the source, and what reading a lazy source throws.
    [[nodiscard]] static std::optional<Statistics> compute(ArraySource& source, const CellRange& range,
                                                           const Options& options = {});
};

} // namespace arraylens
