// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <limits>

namespace arraylens {

class StridedView;

/// A rectangle of view cells: [firstRow, firstRow + rowCount) ×
/// [firstColumn, firstColumn + columnCount).
struct CellRange {
    std::int64_t firstRow = 0;
    std::int64_t rowCount = 0;
    std::int64_t firstColumn = 0;
    std::int64_t columnCount = 0;

    [[nodiscard]] static CellRange whole(const StridedView& view);
    /// rows × columns, saturating: a broadcast view can be 2^32 × 2^32.
    [[nodiscard]] std::int64_t cellCount() const
    {
        std::int64_t cells = 0;
        return __builtin_mul_overflow(rowCount, columnCount, &cells) ? std::numeric_limits<std::int64_t>::max() : cells;
    }

    bool operator==(const CellRange&) const = default;
};

} // namespace arraylens
