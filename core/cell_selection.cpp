// SPDX-License-Identifier: MIT
#include "core/cell_selection.h"

#include <algorithm>
#include <cstdlib>

namespace arraylens {

namespace {

// The rectangle with corners a and b, inclusive.
CellRange spanning(std::int64_t rowA, std::int64_t columnA, std::int64_t rowB, std::int64_t columnB)
{
    return CellRange{std::min(rowA, rowB), std::abs(rowB - rowA) + 1, std::min(columnA, columnB),
                     std::abs(columnB - columnA) + 1};
}

} // namespace

void CellSelection::moveCursor(std::int64_t row, std::int64_t column, bool extend, std::int64_t rows,
                               std::int64_t columns)
{
    if (rows <= 0 || columns <= 0) {
        *this = CellSelection();
        return;
    }
    cursorRow_ = std::clamp<std::int64_t>(row, 0, rows - 1);
    cursorColumn_ = std::clamp<std::int64_t>(column, 0, columns - 1);
    if (!extend || anchorRow_ < 0) {
        anchorRow_ = cursorRow_;
        anchorColumn_ = cursorColumn_;
    }
    range_ = spanning(anchorRow_, anchorColumn_, cursorRow_, cursorColumn_);
}

void CellSelection::selectRows(std::int64_t row, bool extend, std::int64_t rows, std::int64_t columns)
{
    if (rows <= 0 || columns <= 0)
        return;
    cursorRow_ = std::clamp<std::int64_t>(row, 0, rows - 1);
    cursorColumn_ = std::clamp<std::int64_t>(cursorColumn_, 0, columns - 1);
    if (!extend || anchorRow_ < 0)
        anchorRow_ = cursorRow_;
    anchorColumn_ = 0;
    range_ = spanning(anchorRow_, 0, cursorRow_, columns - 1);
}

void CellSelection::selectColumns(std::int64_t column, bool extend, std::int64_t rows, std::int64_t columns)
{
    if (rows <= 0 || columns <= 0)
        return;
    cursorColumn_ = std::clamp<std::int64_t>(column, 0, columns - 1);
    cursorRow_ = std::clamp<std::int64_t>(cursorRow_, 0, rows - 1);
    if (!extend || anchorColumn_ < 0)
        anchorColumn_ = cursorColumn_;
    anchorRow_ = 0;
    range_ = spanning(0, anchorColumn_, rows - 1, cursorColumn_);
}

void CellSelection::selectAll(std::int64_t rows, std::int64_t columns)
{
    if (rows <= 0 || columns <= 0)
        return;
    anchorRow_ = 0;
    anchorColumn_ = 0;
    range_ = CellRange{0, rows, 0, columns};
}

void CellSelection::fit(std::int64_t rows, std::int64_t columns)
{
    moveCursor(std::max<std::int64_t>(cursorRow_, 0), std::max<std::int64_t>(cursorColumn_, 0), false, rows, columns);
}

} // namespace arraylens
