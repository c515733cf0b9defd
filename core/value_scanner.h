// SPDX-License-Identifier: MIT
#pragma once

// The numeric reading of a range of cells, for the plots: every cell of a
// rectangle of an ArraySource turned into a double by its column's codec
// (ElementCodec::toDouble: complex as its magnitude, bool as 0/1), handed to
// a consumer in small bands, in row-major order. A run along one row or one
// column (a line plot) is a rectangle one cell wide, so the same walk reads
// it in order. Tiles are read as the CSV export reads them (a lazy source's
// fetch runs on the calling thread and takes the GIL): call it off the GUI
// thread.

#include "core/cell_range.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string>

namespace arraylens {

class ArraySource;

class ValueScanner {
public:
    /// Called after each band with the cells read so far; false cancels.
    using Progress = std::function<bool(std::int64_t cellsDone)>;
    /// Receives cells [first, first + values.size()) of the range, counted in
    /// row-major order. A masked cell reads as NaN and is flagged in
    /// `masked` (empty when the source has no mask).
    using Consumer =
        std::function<void(std::int64_t first, std::span<const double> values, std::span<const std::uint8_t> masked)>;

    /// Cells converted per band: small enough to keep the buffer in cache
    /// and cancel within a millisecond, large enough to cost nothing per band.
    static constexpr std::int64_t kBandCells = std::int64_t{1} << 16;

    /// Why the range's cells have no numeric value (text, bytes, dates,
    /// records), naming the first such column's type; empty when all have one.
    [[nodiscard]] static std::string whyNotNumeric(const ArraySource& source, const CellRange& range);

    /// Reads the whole range. Returns false when progress cancelled. Throws
    /// Error when whyNotNumeric() is not empty, and what reading tiles throws.
    static bool scan(ArraySource& source, const CellRange& range, const Consumer& consumer,
                     const Progress& progress = {});
};

} // namespace arraylens
