// SPDX-License-Identifier: MIT
#include "ui/slice_bar.h"

#include "core/errors.h"

#include <QComboBox>
#include <QStringList>

#include <algorithm>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSpinBox>

using namespace arraylens;

SliceBar::SliceBar(QWidget* parent) : QWidget(parent)
{
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addWidget(new QLabel("Rows:", this));
    rowAxis_ = new QComboBox(this);
    rowAxis_->setObjectName("rowAxis");
    rowAxis_->setToolTip("The axis shown down the rows");
    layout->addWidget(rowAxis_);
    layout->addWidget(new QLabel("Columns:", this));
    columnAxis_ = new QComboBox(this);
    columnAxis_->setObjectName("columnAxis");
    columnAxis_->setToolTip("The axis shown across the columns");
    layout->addWidget(columnAxis_);
    indexPanel_ = new QWidget(this);
    auto* indexLayout = new QHBoxLayout(indexPanel_);
    indexLayout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(indexPanel_);
    fieldLabel_ = new QLabel("Field:", this);
    layout->addWidget(fieldLabel_);
    field_ = new QComboBox(this);
    field_->setObjectName("recordField");
    field_->setToolTip("The record field shown: a plane of records shows one field at a time, a column of records "
                       "can show all of them side by side");
    layout->addWidget(field_);
    fieldLabel_->hide();
    field_->hide();
    layout->addWidget(new QLabel("Slice:", this));
    text_ = new QLineEdit(this);
    text_->setObjectName("sliceText");
    text_->setToolTip("A NumPy basic index: 1,:,:  or  :,0,::-1  or  ...,2; a trailing .T transposes (Enter applies)");
    text_->setMinimumWidth(140);
    layout->addWidget(text_, 1);
    problem_ = new QLabel(this);
    problem_->setObjectName("sliceProblem");
    problem_->setStyleSheet("color: #b00020;");
    layout->addWidget(problem_);

    // Choosing for one the axis the other shows swaps them (a transpose), as
    // a user choosing "rows: axis 1" on an (axis 0, axis 1) plane means.
    connect(rowAxis_, &QComboBox::currentIndexChanged, this, [this] {
        if (rowAxis_->currentIndex() == columnAxis_->currentIndex()) {
            QSignalBlocker block(columnAxis_);
            columnAxis_->setCurrentIndex(shownRowAxis_);
        }
        emitFromControls();
    });
    connect(columnAxis_, &QComboBox::currentIndexChanged, this, [this] {
        if (rowAxis_->currentIndex() == columnAxis_->currentIndex()) {
            QSignalBlocker block(rowAxis_);
            rowAxis_->setCurrentIndex(shownColumnAxis_);
        }
        emitFromControls();
    });
    connect(text_, &QLineEdit::returnPressed, this, &SliceBar::emitFromText);
    connect(field_, &QComboBox::activated, this, [this](int index) {
        Q_EMIT fieldRequested(index == 0 ? QString() : field_->itemText(index));
    });
}

void SliceBar::setFields(const QStringList& fields, const QString& shown)
{
    QSignalBlocker block(field_);
    field_->clear();
    fieldLabel_->setVisible(!fields.isEmpty());
    field_->setVisible(!fields.isEmpty());
    if (fields.isEmpty())
        return;
    field_->addItem(tr("(all fields)"));
    field_->addItems(fields);
    field_->setCurrentIndex(shown.isEmpty() ? 0 : std::max(0, field_->findText(shown)));
}

void SliceBar::setShape(const std::vector<std::int64_t>& shape, const std::vector<std::string>& axisNames,
                        const SliceSpec& slice, bool transposed)
{
    if (shape != shape_ || axisNames != axisNames_) {
        shape_ = shape;
        axisNames_ = axisNames.size() == shape.size() ? axisNames : std::vector<std::string>();
        rebuildAxisControls();
    }
    syncControlsFromSlice(slice, transposed);
    showProblem({});
}

QString SliceBar::sliceText() const
{
    return text_->text();
}

void SliceBar::applyText(const QString& text)
{
    text_->setText(text);
    emitFromText();
}

void SliceBar::showProblem(const QString& message)
{
    problem_->setText(message);
    problem_->setToolTip(message);
}

QString SliceBar::axisName(std::size_t axis) const
{
    return axis < axisNames_.size() ? QString::fromStdString(axisNames_[axis]) : QString("axis %1").arg(axis);
}

void SliceBar::rebuildAxisControls()
{
    QSignalBlocker blockRows(rowAxis_);
    QSignalBlocker blockColumns(columnAxis_);
    rowAxis_->clear();
    columnAxis_->clear();
    for (std::size_t axis = 0; axis < shape_.size(); ++axis) {
        const QString label = QString("%1 (%2)").arg(axisName(axis)).arg(shape_[axis]);
        rowAxis_->addItem(label);
        columnAxis_->addItem(label);
    }
    // 0-d and 1-D have nothing to choose: one cell, or one column.
    const bool choosable = shape_.size() >= 2;
    rowAxis_->setEnabled(choosable);
    columnAxis_->setEnabled(choosable);

    qDeleteAll(indexPanel_->findChildren<QWidget*>(QString(), Qt::FindDirectChildrenOnly));
    indexBoxes_.clear();
    indexLabels_.clear();
    for (std::size_t axis = 0; axis < shape_.size(); ++axis) {
        auto* label = new QLabel(axisNames_.empty() ? QString("[%1]").arg(axis)
                                                    : QString("%1:").arg(axisName(axis)),
                                 indexPanel_);
        auto* box = new QSpinBox(indexPanel_);
        box->setObjectName(QString("index%1").arg(axis));
        const auto extent = static_cast<int>(std::min<std::int64_t>(shape_[axis], 1 << 30));
        box->setRange(-extent, std::max(0, extent - 1));
        box->setToolTip(QString("Index along %1 (size %2); negative counts from the end").arg(axisName(axis)).arg(shape_[axis]));
        indexPanel_->layout()->addWidget(label);
        indexPanel_->layout()->addWidget(box);
        connect(box, &QSpinBox::valueChanged, this, &SliceBar::emitFromControls);
        indexBoxes_.push_back(box);
        indexLabels_.push_back(label);
    }
}

void SliceBar::syncControlsFromSlice(const SliceSpec& slice, bool transposed)
{
    syncing_ = true;
    text_->setText(QString::fromStdString(slice.toString()) + (transposed ? ".T" : ""));
    try {
        const auto axes = slice.resolve(shape_);
        std::vector<int> kept;
        for (std::size_t k = 0; k < axes.size(); ++k) {
            if (axes[k].fixed) {
                QSignalBlocker block(indexBoxes_[k]);
                indexBoxes_[k]->setValue(static_cast<int>(axes[k].start));
            } else {
                kept.push_back(static_cast<int>(k));
            }
        }
        if (transposed && kept.size() == 2)
            std::swap(kept[0], kept[1]);
        QSignalBlocker blockRows(rowAxis_);
        QSignalBlocker blockColumns(columnAxis_);
        if (kept.size() >= 1)
            rowAxis_->setCurrentIndex(kept[0]);
        if (kept.size() >= 2)
            columnAxis_->setCurrentIndex(kept[1]);
        shownRowAxis_ = rowAxis_->currentIndex();
        shownColumnAxis_ = columnAxis_->currentIndex();
        for (std::size_t k = 0; k < indexBoxes_.size(); ++k) {
            const bool shown = axes[k].fixed;
            indexBoxes_[k]->setVisible(shown);
            indexLabels_[k]->setVisible(shown);
        }
    } catch (const SliceError&) {
        // A slice that does not resolve never reaches here: the document refused it.
    }
    syncing_ = false;
}

void SliceBar::emitFromControls()
{
    if (syncing_ || shape_.size() < 2)
        return;
    const int rowAxis = rowAxis_->currentIndex();
    const int columnAxis = columnAxis_->currentIndex();
    std::vector<SliceSpec::Item> items;
    for (std::size_t k = 0; k < shape_.size(); ++k) {
        SliceSpec::Item item;
        if (static_cast<int>(k) != rowAxis && static_cast<int>(k) != columnAxis) {
            item.kind = SliceSpec::Item::Kind::Index;
            item.index = indexBoxes_[k]->value();
        }
        items.push_back(item);
    }
    // The view shows kept axes in order; a row axis after the column axis is a transpose.
    Q_EMIT sliceRequested(SliceSpec(std::move(items)), rowAxis > columnAxis);
}

void SliceBar::emitFromText()
{
    // A trailing ".T" transposes, as in NumPy: "1,:,:.T" (spaces allowed).
    QString text = text_->text().trimmed();
    const bool transposed = text.endsWith(".T");
    if (transposed)
        text = text.chopped(2).trimmed();
    try {
        const SliceSpec slice = SliceSpec::parse(text.toStdString());
        Q_EMIT sliceRequested(slice, transposed);
    } catch (const SliceError& error) {
        showProblem(QString::fromStdString(error.what()));
    }
}
