// SPDX-License-Identifier: MIT
#include "ui/grid_table_view.h"

#include "ui/array_table_model.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QPaintEvent>
#include <QPainter>

#include <algorithm>
#include <optional>

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
    const auto lastAt = [](int at, int count) { return at < 0 ? count - 1 : at; };
    const int firstRow = std::max(0, rowAt(dirty.top()));
    const int lastRow = lastAt(rowAt(dirty.bottom()), rowCount);
    const int firstColumn = std::max(0, columnAt(dirty.left()));
    const int lastColumn = lastAt(columnAt(dirty.right()), columnCount);

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
    columnSpans_.clear();
    for (int column = firstColumn; column <= lastColumn; ++column)
        columnSpans_.emplace_back(columnViewportPosition(column), columnWidth(column) - gridSize);
    frameCells_.clear();
    std::optional<std::size_t> focus;
    for (int row = firstRow; row <= lastRow; ++row) {
        const int y = rowViewportPosition(row);
        const int height = rowHeight(row) - gridSize;
        for (int column = firstColumn; column <= lastColumn; ++column) {
            const auto [x, width] = columnSpans_[static_cast<std::size_t>(column - firstColumn)];
            if (focused && row == current.row() && column == current.column())
                focus = frameCells_.size();
            frameCells_.push_back({QRect(x, y, width, height), &model->shownCell(row, column), selected(row, column)});
        }
    }
    QPainter painter(viewport());
    delegate->paintCells(painter, frame, *model, frameCells_, focus ? &frameCells_[*focus] : nullptr);
    if (!showGrid())
        return;

    // Below and right of each cell, up to the table's last row and column,
    // as QTableView draws them.
    const int right = std::min(dirty.right(), horizontalHeader()->length() - horizontalHeader()->offset() - 1);
    const int bottom = std::min(dirty.bottom(), verticalHeader()->length() - verticalHeader()->offset() - 1);
    std::vector<QRect> lines;
    for (int row = firstRow; row <= lastRow; ++row) {
        const int y = rowViewportPosition(row) + rowHeight(row) - gridSize;
        lines.emplace_back(QPoint(dirty.left(), y), QPoint(right, y));
    }
    for (const auto& [x, width] : columnSpans_)
        lines.emplace_back(QPoint(x + width, dirty.top()), QPoint(x + width, bottom));
    const int gridHint = style()->styleHint(QStyle::SH_Table_GridLineColor, &frame, this);
    const QColor gridColor = QColor::fromRgba(static_cast<QRgb>(gridHint));
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
