// SPDX-License-Identifier: MIT
#pragma once

#include "core/cell_range.h"

#include <cstdint>

namespace arraylens {

/// Where the user is in a 2-D view: the cursor (current cell), the anchor an
/// extended selection grows from, and the selected rectangle, in view
/// coordinates. The document holds one, so that every view of it (the
/// grid, an image, a plot) shows and moves the same cursor (DESIGN.md 12).
/// Every operation takes the view's extent and keeps the cells inside it;
/// an empty view has no cursor (-1, -1) and selects nothing.
class CellSelection {
public:
    [[nodiscard]] std::int64_t cursorRow() const { return cursorRow_; }
    [[nodiscard]] std::int64_t cursorColumn() const { return cursorColumn_; }
    [[nodiscard]] bool hasCursor() const { return cursorRow_ >= 0; }
    [[nodiscard]] const CellRange& range() const { return range_; }

    /// The cursor to (row, column), clamped to the view. `extend`: the range
    /// spans from the anchor to the cursor (Shift); otherwise the anchor
    /// moves along and the range is the cursor's cell.
    void moveCursor(std::int64_t row, std::int64_t column, bool extend, std::int64_t rows, std::int64_t columns);
    /// Whole rows from the anchor's row (when extending) to `row`, the cursor on `row` (a row header click).
    void selectRows(std::int64_t row, bool extend, std::int64_t rows, std::int64_t columns);
    /// Whole columns likewise (a column header click).
    void selectColumns(std::int64_t column, bool extend, std::int64_t rows, std::int64_t columns);
    /// Every cell; the cursor stays.
    void selectAll(std::int64_t rows, std::int64_t columns);
    /// After the view changed shape: the cursor clamped into it (to the
    /// first cell if there was none), the range collapsed to the cursor.
    void fit(std::int64_t rows, std::int64_t columns);

    bool operator==(const CellSelection&) const = default;

private:
    std::int64_t cursorRow_ = -1;
    std::int64_t cursorColumn_ = -1;
    std::int64_t anchorRow_ = -1;
    std::int64_t anchorColumn_ = -1;
    CellRange range_;
};

} // namespace arraylens
