// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/cell_codec.h"
#include "core/strided_view.h"

#include <QAbstractTableModel>

/// A QAbstractTableModel over the core's 2-D view: zero-copy, no per-cell
/// storage. Cell text comes from the core's cell codec; edits are parsed by
/// it and written straight into the buffer's memory.
class ArrayTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    explicit ArrayTableModel(arraylens::StridedView view, QObject* parent = nullptr);

    [[nodiscard]] const arraylens::StridedView& view() const { return view_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

Q_SIGNALS:
    /// An edit was refused; nothing was written. The message says why.
    void editRejected(const QString& message);

private:
    arraylens::StridedView view_;
    arraylens::DisplayOptions display_;
};
