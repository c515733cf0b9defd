// SPDX-License-Identifier: MIT
#include "ui/array_table_model.h"

#include "core/finite_range.h"
#include "ui/array_document.h"
#include "ui/color_scale_model.h"

#include <QGuiApplication>
#include <QPalette>

#include <algorithm>
#include <cmath>

using namespace arraylens;

ArrayTableModel::ArrayTableModel(ArrayDocument* document, QObject* parent)
    : QAbstractTableModel(parent), document_(document)
{
    maskedBackground_ = QGuiApplication::palette().color(QPalette::Disabled, QPalette::Window).darker(108);
    rowCount_ = fittingRows(originRow_);
    columnCount_ = fittingColumns(originColumn_);
    connect(document_, &ArrayDocument::cellsChanged, this, &ArrayTableModel::onCellsChanged);
    connect(document_, &ArrayDocument::viewChanged, this, &ArrayTableModel::onViewChanged);
    // A lost memory reads as empty cells from now on.
    connect(document_, &ArrayDocument::memoryLost, this, [this] { forgetShownCells(); });
}

void ArrayTableModel::setColorScale(const ColorScaleModel* scale)
{
    disconnect(colorScaleChanged_);
    colorScale_ = scale;
    if (scale)
        colorScaleChanged_ = connect(scale, &ColorScaleModel::changed, this, &ArrayTableModel::onColorScaleChanged);
    onColorScaleChanged();
}

void ArrayTableModel::onColorScaleChanged()
{
    // Cells keep their values only while the heat map is on (reading them
    // costs a codec call per cell): switching it on reads them again; a new
    // range or colormap only repaints.
    const bool heatMap = colorScale_ && colorScale_->heatMapEnabled();
    if (heatMap && !valuesKept_)
        forgetShownCells();
    valuesKept_ = heatMap;
    if (rowCount_ > 0 && columnCount_ > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount_ - 1, columnCount_ - 1), {Qt::BackgroundRole});
}

std::optional<QRgb> ArrayTableModel::heatColor(const ShownCell& cell) const
{
    if (!cell.value || !colorScale_ || !colorScale_->heatMapEnabled())
        return std::nullopt;
    return colorScale_->rgb(*cell.value);
}

std::optional<std::pair<double, double>> ArrayTableModel::windowRange(int rows, int columns) const
{
    FiniteRange range;
    for (int r = 0; r < std::min(rows, rowCount_); ++r)
        for (int c = 0; c < std::min(columns, columnCount_); ++c)
            if (const std::optional<double>& value = shownCell(r, c).value)
                range.add(*value);
    return range.range();
}

const ArrayTableModel::ShownCell& ArrayTableModel::shownCell(int row, int column) const
{
    const std::size_t capacity = static_cast<std::size_t>(windowRows_) * static_cast<std::size_t>(windowColumns_);
    if (shown_.size() != capacity) {
        shown_.assign(capacity, ShownCell{});
        shownStamps_.assign(capacity, 0);
    }
    const std::size_t at = static_cast<std::size_t>(row) * static_cast<std::size_t>(windowColumns_) +
                           static_cast<std::size_t>(column);
    ShownCell& cell = shown_[at];
    if (shownStamps_[at] == shownGeneration_)
        return cell;
    const std::int64_t viewRow = this->viewRow(row);
    const std::int64_t viewColumn = this->viewColumn(column);
    cell.text = document_->displayText(viewRow, viewColumn);
    const bool masked = document_->isMasked(viewRow, viewColumn);
    cell.background = masked ? maskedBackground_ : QBrush();
    cell.check = ShownCell::Check::None;
    if (document_->isBool(viewColumn) && !masked && document_->isFetched(viewRow, viewColumn))
        cell.check = cell.text == QLatin1String("True") ? ShownCell::Check::Checked : ShownCell::Check::Unchecked;
    cell.alignLeft = document_->view().columnType(viewColumn).readsAsText();
    cell.value = masked || !valuesKept_ ? std::nullopt : document_->numericValue(viewRow, viewColumn);
    shownStamps_[at] = shownGeneration_;
    return cell;
}

int ArrayTableModel::fittingRows(std::int64_t origin) const
{
    return static_cast<int>(std::clamp<std::int64_t>(document_->view().rows() - origin, 0, windowRows_));
}

int ArrayTableModel::fittingColumns(std::int64_t origin) const
{
    return static_cast<int>(std::clamp<std::int64_t>(document_->view().cols() - origin, 0, windowColumns_));
}

void ArrayTableModel::resizeRows(int count)
{
    if (count > rowCount_) {
        beginInsertRows({}, rowCount_, count - 1);
        rowCount_ = count;
        endInsertRows();
    } else if (count < rowCount_) {
        beginRemoveRows({}, count, rowCount_ - 1);
        rowCount_ = count;
        endRemoveRows();
    }
}

void ArrayTableModel::resizeColumns(int count)
{
    if (count > columnCount_) {
        beginInsertColumns({}, columnCount_, count - 1);
        columnCount_ = count;
        endInsertColumns();
    } else if (count < columnCount_) {
        beginRemoveColumns({}, count, columnCount_ - 1);
        columnCount_ = count;
        endRemoveColumns();
    }
}

void ArrayTableModel::setWindowSize(int rows, int columns)
{
    windowRows_ = std::max(rows, 1);
    windowColumns_ = std::max(columns, 1);
    forgetShownCells();
    resizeRows(fittingRows(originRow_));
    resizeColumns(fittingColumns(originColumn_));
}

void ArrayTableModel::setOrigin(std::int64_t row, std::int64_t column)
{
    const StridedView& view = document_->view();
    row = std::clamp<std::int64_t>(row, 0, std::max<std::int64_t>(view.rows() - 1, 0));
    column = std::clamp<std::int64_t>(column, 0, std::max<std::int64_t>(view.cols() - 1, 0));
    if (row == originRow_ && column == originColumn_)
        return;
    const int rows = fittingRows(row);
    const int columns = fittingColumns(column);
    // Shrink, move, then grow: at every step each cell Qt can ask for lies
    // inside the view, whichever origin it is read with.
    if (rows < rowCount_)
        resizeRows(rows);
    if (columns < columnCount_)
        resizeColumns(columns);
    const bool rowMoved = row != originRow_;
    const bool columnMoved = column != originColumn_;
    originRow_ = row;
    originColumn_ = column;
    forgetShownCells();
    if (rowCount_ > 0 && columnCount_ > 0)
        Q_EMIT dataChanged(index(0, 0), index(rowCount_ - 1, columnCount_ - 1));
    if (rowMoved && rowCount_ > 0)
        Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount_ - 1);
    if (columnMoved && columnCount_ > 0)
        Q_EMIT headerDataChanged(Qt::Horizontal, 0, columnCount_ - 1);
    if (rows > rowCount_)
        resizeRows(rows);
    if (columns > columnCount_)
        resizeColumns(columns);
    Q_EMIT originChanged();
}

QModelIndex ArrayTableModel::indexOfCell(std::int64_t row, std::int64_t column) const
{
    if (row < originRow_ || row >= originRow_ + rowCount_ || column < originColumn_ ||
        column >= originColumn_ + columnCount_)
        return {};
    return index(static_cast<int>(row - originRow_), static_cast<int>(column - originColumn_));
}

bool ArrayTableModel::windowPart(const CellRange& range, QModelIndex& topLeft, QModelIndex& bottomRight) const
{
    const std::int64_t firstRow = std::max(range.firstRow, originRow_);
    const std::int64_t endRow = std::min(range.firstRow + range.rowCount, originRow_ + rowCount_);
    const std::int64_t firstColumn = std::max(range.firstColumn, originColumn_);
    const std::int64_t endColumn = std::min(range.firstColumn + range.columnCount, originColumn_ + columnCount_);
    if (firstRow >= endRow || firstColumn >= endColumn)
        return false;
    topLeft = indexOfCell(firstRow, firstColumn);
    bottomRight = indexOfCell(endRow - 1, endColumn - 1);
    return true;
}

void ArrayTableModel::onCellsChanged(const CellRange& range)
{
    forgetShownCells();
    QModelIndex topLeft, bottomRight;
    if (!windowPart(range, topLeft, bottomRight))
        return;
    QList<int> roles{Qt::DisplayRole, Qt::EditRole};
    if (document_->isBool())
        roles.append(Qt::CheckStateRole);
    if (document_->hasMask())
        roles.append(Qt::BackgroundRole);
    Q_EMIT dataChanged(topLeft, bottomRight, roles);
}

void ArrayTableModel::onViewChanged()
{
    // The shape, the slice or the way every cell reads may have changed.
    beginResetModel();
    forgetShownCells();
    const StridedView& view = document_->view();
    originRow_ = std::clamp<std::int64_t>(originRow_, 0, std::max<std::int64_t>(view.rows() - 1, 0));
    originColumn_ = std::clamp<std::int64_t>(originColumn_, 0, std::max<std::int64_t>(view.cols() - 1, 0));
    rowCount_ = fittingRows(originRow_);
    columnCount_ = fittingColumns(originColumn_);
    endResetModel();
}

int ArrayTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : rowCount_;
}

int ArrayTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : columnCount_;
}

QVariant ArrayTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const std::int64_t row = viewRow(index.row());
    const std::int64_t column = viewColumn(index.column());
    switch (role) {
    case Qt::DisplayRole:
        return shownCell(index.row(), index.column()).text;
    case Qt::EditRole:
        return document_->exactText(row, column);
    case Qt::CheckStateRole:
        if (!document_->isBool(column) || document_->isMasked(row, column))
            return {};
        return static_cast<int>(document_->exactText(row, column) == QLatin1String("True") ? Qt::Checked
                                                                                            : Qt::Unchecked);
    case Qt::BackgroundRole: {
        // A masked cell is greyed and empty: it has no value to show.
        const ShownCell& cell = shownCell(index.row(), index.column());
        if (const std::optional<QRgb> heat = heatColor(cell))
            return QBrush(QColor::fromRgba(*heat));
        if (cell.background.style() != Qt::NoBrush)
            return cell.background;
        return {};
    }
    case Qt::ToolTipRole:
        if (document_->isMasked(row, column))
            return tr("masked (%1 under the mask; Ctrl+M unmasks)").arg(document_->exactText(row, column));
        if (const QString exact = document_->exactText(row, column); exact != document_->displayText(row, column))
            return exact; // the value behind rounded (or otherwise formatted) text
        return {};
    case Qt::TextAlignmentRole: {
        // Numbers line up on the right, text reads from the left.
        const bool isText = document_->view().columnType(column).readsAsText();
        return static_cast<int>((isText ? Qt::AlignLeft : Qt::AlignRight) | Qt::AlignVCenter);
    }
    default:
        return {};
    }
}

QVariant ArrayTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    const int count = orientation == Qt::Vertical ? rowCount_ : columnCount_;
    if (section < 0 || section >= count)
        return {};
    switch (role) {
    case Qt::DisplayRole: {
        const StridedView& view = document_->view();
        if (orientation == Qt::Vertical)
            return QString::number(view.rowLabel(viewRow(section)));
        return QString::fromStdString(view.columnHeader(viewColumn(section)));
    }
    case Qt::TextAlignmentRole:
        // Row numbers read like the numbers in the cells: right-aligned.
        if (orientation == Qt::Vertical)
            return static_cast<int>(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return QAbstractTableModel::headerData(section, orientation, role);
    }
}

Qt::ItemFlags ArrayTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    // flags() runs for every painted cell: the plain test first, the
    // per-column reason (a table's text columns) only for a writable source.
    if (!index.isValid() || document_->isReadOnly() ||
        !document_->columnReadOnlyReason(viewColumn(index.column())).isEmpty())
        return flags;
    flags |= Qt::ItemIsEditable;
    if (document_->isBool(viewColumn(index.column())))
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool ArrayTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const std::int64_t row = viewRow(index.row());
    const std::int64_t column = viewColumn(index.column());
    // The document emits cellsChanged after writing; onCellsChanged turns it
    // into dataChanged(index, index, roles).
    if (role == Qt::EditRole)
        return document_->setCellText(row, column, value.toString());
    if (role == Qt::CheckStateRole && document_->isBool(column))
        return document_->setCellText(row, column,
                                      value.toInt() == Qt::Checked ? QStringLiteral("True") : QStringLiteral("False"));
    return false;
}
