// SPDX-License-Identifier: MIT
#include "ui/array_table_model.h"

#include "core/errors.h"

#include <QFontDatabase>

using namespace arraylens;

ArrayTableModel::ArrayTableModel(StridedView view, QObject* parent)
    : QAbstractTableModel(parent), view_(std::move(view))
{
}

int ArrayTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(view_.rows());
}

int ArrayTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(view_.cols());
}

QVariant ArrayTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return {};
    const std::byte* p = view_.pointer(index.row(), index.column());
    switch (role) {
    case Qt::DisplayRole:
    case Qt::EditRole:
        return QString::fromStdString(CellCodec::format(p, view_.format(), display_));
    case Qt::TextAlignmentRole:
        return QVariant::fromValue(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::FontRole:
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    default:
        return {};
    }
}

QVariant ArrayTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    return QString::number(orientation == Qt::Vertical ? view_.rowLabel(section) : view_.colLabel(section));
}

Qt::ItemFlags ArrayTableModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags flags = QAbstractTableModel::flags(index);
    if (index.isValid() && !view_.isReadOnly())
        flags |= Qt::ItemIsEditable;
    return flags;
}

bool ArrayTableModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() || role != Qt::EditRole)
        return false;
    try {
        const ElementBytes bytes = CellCodec::parse(value.toString().toStdString(), view_.format());
        CellCodec::store(view_.writablePointer(index.row(), index.column()), bytes);
    } catch (const Error& error) {
        Q_EMIT editRejected(QString::fromStdString(error.what()));
        return false;
    }
    Q_EMIT dataChanged(index, index, {Qt::DisplayRole, Qt::EditRole});
    return true;
}
