// SPDX-License-Identifier: MIT
#include "ui/grid_table_view.h"

#include "ui/array_table_model.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPaintEvent>
#include <QPainter>

#include <algorithm>

namespace {

GridHeaderView* makeHeader(Qt::Orientation orientation, QWidget* table)
{
    auto* header = new GridHeaderView(orientation, table);
    header->setSectionsClickable(true);
    header->setHighlightSections(true);
    return header;
}

} // namespace

GridTableView::GridTableView(QWidget* parent)
    : QTableView(parent)
{
    setVerticalHeader(makeHeader(Qt::Vertical, this));
    setHorizontalHeader(makeHeader(Qt::Horizontal, this));
}

GridHeaderView* GridTableView::rowHeader() const
{
    return static_cast<GridHeaderView*>(verticalHeader());
}

GridHeaderView* GridTableView::columnHeader() const
{
    return static_cast<GridHeaderView*>(horizontalHeader());
}

void GridTableView::paintEvent(QPaintEvent* event)
{
    const auto* delegate = qobject_cast<const CellDelegate*>(itemDelegate());
    const auto* model = qobject_cast<const ArrayTableModel*>(this->model());
    // Right to left would mirror every position below; the grid never asks for it.
    if (!delegate || !model || isRightToLeft()) {
        QTableView::paintEvent(event);
        return;
    }
    QStyleOptionViewItem frame;
    initViewItemOption(&frame);

    const int rowCount = model->rowCount();
    const int columnCount = model->columnCount();
    if (rowCount == 0 || columnCount == 0)
        return;
    const QRect dirty = event->rect();
    const int firstRow = std::max(0, rowAt(dirty.top()));
    const int lastRow = rowAt(dirty.bottom()) < 0 ? rowCount - 1 : rowAt(dirty.bottom());
    const int firstColumn = std::max(0, columnAt(dirty.left()));
    const int lastColumn = columnAt(dirty.right()) < 0 ? columnCount - 1 : columnAt(dirty.right());

    // The selection, once: a few rectangles of window cells (the grid keeps
    // Qt's selection as the part of its own that is on screen).
    const QItemSelection selection = selectionModel() ? selectionModel()->selection() : QItemSelection();
    const auto selected = [&selection](int row, int column) {
        return std::any_of(selection.begin(), selection.end(), [&](const QItemSelectionRange& range) {
            return row >= range.top() && row <= range.bottom() && column >= range.left() && column <= range.right();
        });
    };
    const QModelIndex current = currentIndex();
    const bool focused = (hasFocus() || viewport()->hasFocus()) && current.isValid();

    // A cell's rectangle leaves out its grid lines (right and bottom), as
    // QTableView's. The model's shown cells stay where they are during a
    // paint (only a new window size moves them), so pointers to them do.
    const int gridSize = showGrid() ? 1 : 0;
    frameCells_.clear();
    QRect focus;
    for (int row = firstRow; row <= lastRow; ++row) {
        const int y = rowViewportPosition(row);
        const int height = rowHeight(row) - gridSize;
        for (int column = firstColumn; column <= lastColumn; ++column) {
            const QRect rect(columnViewportPosition(column), y, columnWidth(column) - gridSize, height);
            frameCells_.push_back({rect, &model->shownCell(row, column), selected(row, column)});
            if (focused && row == current.row() && column == current.column())
                focus = rect;
        }
    }
    QPainter painter(viewport());
    delegate->paintCells(painter, frame, *model, frameCells_, focus);

    if (showGrid()) {
        const int gridHint = style()->styleHint(QStyle::SH_Table_GridLineColor, &frame, this);
        const QColor gridColor = QColor::fromRgba(static_cast<QRgb>(gridHint));
        // Up to the table's last row and column, as QTableView draws them.
        const int right = std::min(dirty.right(), horizontalHeader()->length() - horizontalHeader()->offset() - 1);
        const int bottom = std::min(dirty.bottom(), verticalHeader()->length() - verticalHeader()->offset() - 1);
        std::vector<QRect>& lines = gridLines_;
        lines.clear();
        for (int row = firstRow; row <= lastRow; ++row)
            lines.emplace_back(QPoint(dirty.left(), rowViewportPosition(row) + rowHeight(row) - gridSize),
                               QPoint(right, rowViewportPosition(row) + rowHeight(row) - gridSize));
        for (int column = firstColumn; column <= lastColumn; ++column)
            lines.emplace_back(QPoint(columnViewportPosition(column) + columnWidth(column) - gridSize, dirty.top()),
                               QPoint(columnViewportPosition(column) + columnWidth(column) - gridSize, bottom));
        if (gridStyle() == Qt::SolidLine) {
            // The same pixels as a one-pixel pen, filled as rectangles: the
            // raster engine strokes a line with a pen through its general
            // path, a quarter of the cells' own time for some 50 lines.
            for (const QRect& line : lines)
                painter.fillRect(line, gridColor);
        } else {
            painter.setPen(QPen(gridColor, 1, gridStyle()));
            for (const QRect& line : lines)
                painter.drawLine(line.topLeft(), line.bottomRight());
        }
    }
}
