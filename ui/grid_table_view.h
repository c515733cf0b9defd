// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "ui/cell_delegate.h"
#include "ui/grid_header_view.h"

#include <QTableView>

#include <utility>
#include <vector>

/// The table inside ArrayGridView: a QTableView (editing, the selection
/// model, the headers, the current index) that paints its window of cells
/// itself, in one pass, when its delegate is a CellDelegate (DESIGN.md
/// decision 13: a frame in under 8 ms).
///
/// QTableView paints cell by cell: a style option, the item flags, a
/// selection-model lookup, a row panel from the style and a delegate call
/// for each, a fifth of a 2-D frame before any pixel of text; and each cell's
/// text is its own drawing call. Here the selection is read once per
/// frame, the cells go to CellDelegate::paintCells together (one glyph run
/// per text colour) and the grid lines are drawn as QTableView draws them.
/// With any other delegate (tests compare with QStyledItemDelegate) it
/// paints as QTableView does.
class GridTableView : public QTableView {
    Q_OBJECT
public:
    /// With GridHeaderView headers, set up as QTableView sets up its own.
    explicit GridTableView(QWidget* parent = nullptr);

    [[nodiscard]] GridHeaderView* rowHeader() const;
    [[nodiscard]] GridHeaderView* columnHeader() const;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    /// paintEvent()'s cells (reused from frame to frame).
    std::vector<CellDelegate::FrameCell> frameCells_;
    /// paintEvent()'s columns: left edge and width without the grid line.
    std::vector<std::pair<int, int>> columnSpans_;
};
