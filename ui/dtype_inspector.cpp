// SPDX-License-Identifier: MIT
#include "ui/dtype_inspector.h"

#include "core/array_data.h"
#include "core/dtype_table.h"
#include "core/py_buffer.h"
#include "ui/qt_text.h"

#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSettings>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

using namespace arraylens;

DtypeInspector::DtypeInspector(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    auto* details = new QWidget(this);
    form_ = new QFormLayout(details);
    form_->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    layout->addWidget(details);

    const auto rows = DtypeTable::rows();
    const auto families = DtypeTable::families();
    table_ = new QTableWidget(static_cast<int>(rows.size() + families.size()), 5, this);
    table_->setObjectName("dtypeTable");
    table_->setHorizontalHeaderLabels({"format", "NumPy dtype", "C++ type", "itemsize", "typed accessors"});
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 6);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const DtypeRow& row = rows[i];
        const QString stem = QString::fromUtf8(row.accessorStem.data(), qsizetype(row.accessorStem.size()));
        const QStringList cells = {
            QString::fromUtf8(row.code.data(), qsizetype(row.code.size())),
            QString::fromUtf8(row.numpyName.data(), qsizetype(row.numpyName.size())),
            QString::fromUtf8(row.cppType.data(), qsizetype(row.cppType.size())),
            QString::number(row.itemSize),
            QString("as%1Span, as%1ReadOnlySpan, as%1Span2D, as%1ReadOnlySpan2D").arg(stem),
        };
        for (int column = 0; column < cells.size(); ++column)
            table_->setItem(static_cast<int>(i), column, new QTableWidgetItem(cells[column]));
    }
    for (std::size_t i = 0; i < families.size(); ++i) {
        const DtypeFamily& family = families[i];
        const QStringList cells = {
            QString::fromUtf8(family.format.data(), qsizetype(family.format.size())),
            QString::fromUtf8(family.numpyName.data(), qsizetype(family.numpyName.size())),
            QString::fromUtf8(family.cppType.data(), qsizetype(family.cppType.size())),
            "",
            QString::fromUtf8(family.description.data(), qsizetype(family.description.size())),
        };
        for (int column = 0; column < cells.size(); ++column)
            table_->setItem(static_cast<int>(rows.size() + i), column, new QTableWidgetItem(cells[column]));
    }
    table_->resizeColumnsToContents();
    table_->horizontalHeader()->setStretchLastSection(true);
    // The whole table is reference material for C++ users: folded away by
    // default (it took a third of the window), one click (remembered) away.
    tableToggle_ = new QToolButton(this);
    tableToggle_->setObjectName("dtypeTableToggle");
    tableToggle_->setText("C++ dtype table");
    tableToggle_->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    tableToggle_->setAutoRaise(true);
    tableToggle_->setCheckable(true);
    connect(tableToggle_, &QToolButton::toggled, this, [this](bool shown) {
        table_->setVisible(shown);
        tableToggle_->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
        QSettings().setValue("inspector/tableShown", shown);
    });
    layout->addWidget(tableToggle_);
    layout->addWidget(table_, 1);
    layout->addStretch(0);
    const bool shown = QSettings().value("inspector/tableShown", false).toBool();
    tableToggle_->setChecked(shown);
    table_->setVisible(shown);
    tableToggle_->setArrowType(shown ? Qt::DownArrow : Qt::RightArrow);
    showArray(nullptr);
}

void DtypeInspector::showArray(const std::shared_ptr<ArrayData>& array)
{
    while (form_->rowCount() > 0)
        form_->removeRow(0);
    table_->clearSelection();
    highlighted_ = -1;
    if (!array) {
        form_->addRow(new QLabel("No array open.", this));
        return;
    }
    const ElementType& format = array->elementType();
    const auto rows = DtypeTable::rows();
    for (std::size_t i = 0; i < rows.size(); ++i)
        if (&rows[i] == format.row)
            highlighted_ = static_cast<int>(i);
    const auto families = DtypeTable::families();
    for (std::size_t i = 0; i < families.size() && !format.row; ++i)
        if (families[i].kind == format.kind)
            highlighted_ = static_cast<int>(rows.size() + i);
    if (highlighted_ >= 0) {
        table_->selectRow(highlighted_);
        table_->scrollToItem(table_->item(highlighted_, 0));
    }
    const char order = DtypeTable::byteOrderChar(format);
    const QString byteOrder = order == '|' ? "not applicable (|)"
                              : order == '<' ? QString("little-endian (<)%1").arg(format.swapped ? ", swapped" : "")
                                             : QString("big-endian (>)%1").arg(format.swapped ? ", swapped" : "");
    const auto add = [this](const QString& label, const QString& value) {
        auto* field = new QLabel(value, this);
        field->setTextInteractionFlags(Qt::TextSelectableByMouse);
        field->setObjectName(label);
        form_->addRow(label + ":", field);
    };
    const std::shared_ptr<PyBuffer> buffer = array->buffer();
    add(buffer ? "exporter" : "source", QString::fromStdString(array->origin()));
    if (buffer)
        add("format", "'" + QString::fromStdString(buffer->format()) + "'");
    add("dtype", QString::fromStdString(format.name));
    add("C++ type", QString::fromStdString(format.cppType).toHtmlEscaped());
    if (format.isRecord()) {
        QStringList fields;
        for (const RecordField& field : *format.fields)
            fields << QString("%1: %2 @ %3")
                          .arg(QString::fromStdString(field.name).toHtmlEscaped(),
                               QString::fromStdString(field.type.name))
                          .arg(field.offset);
        add("fields", fields.join("<br>"));
    }
    if (!buffer) {
        // A lazy array: no memory layout of its own to show, only how it is read.
        add("shape", tupleQString(array->shape()));
        add("chunks", array->chunks().empty() ? QString("none") : tupleQString(array->chunks()));
        if (const auto names = array->axisNames(); !names.empty()) {
            QStringList dims;
            for (const std::string& name : names)
                dims << QString::fromStdString(name).toHtmlEscaped();
            add("dimensions", dims.join(", "));
        }
        if (!array->readsAsText())
            add("byte order", byteOrder);
        add("read-only", array->readOnlyReason().empty() ? "no" : "yes: " + QString::fromStdString(array->readOnlyReason()).toHtmlEscaped());
        add("read", "window by window on the Python thread (cells show … until they arrive)");
        return;
    }
    if (buffer->mask())
        add("mask", "yes (Ctrl+M toggles)");
    add("itemsize", QString::number(buffer->itemSize()));
    add("shape", tupleQString(buffer->shape()));
    add("strides", tupleQString(buffer->strides()));
    add("byte order", byteOrder);
    add("read-only", buffer->isReadOnly() ? "yes" : "no");
    add("C contiguous", buffer->isCContiguous() ? "yes" : "no");
    add("Fortran contiguous", buffer->isFContiguous() ? "yes" : "no");
    add("suboffsets", buffer->hasSuboffsets() ? tupleQString(buffer->suboffsets()) : "none");
}
