// SPDX-License-Identifier: MIT
#include "ui/csv_export_dialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>

using namespace arraylens;

CsvExportDialog::CsvExportDialog(const DisplayOptions& viewDisplay, bool hasSelection, const QString& suggestedPath,
                                 QWidget* parent)
    : QDialog(parent), viewDisplay_(viewDisplay)
{
    setWindowTitle("Export as CSV");
    auto* form = new QFormLayout(this);

    auto* scope = new QWidget(this);
    auto* scopeLayout = new QHBoxLayout(scope);
    scopeLayout->setContentsMargins(0, 0, 0, 0);
    wholeView_ = new QRadioButton("The whole view", scope);
    selection_ = new QRadioButton("The selection", scope);
    wholeView_->setChecked(true);
    selection_->setEnabled(hasSelection);
    scopeLayout->addWidget(wholeView_);
    scopeLayout->addWidget(selection_);
    form->addRow("Export:", scope);

    delimiter_ = new QComboBox(this);
    delimiter_->setObjectName("delimiter");
    delimiter_->addItem("Comma  ,", ',');
    delimiter_->addItem("Tab", '\t');
    delimiter_->addItem("Semicolon  ;", ';');
    form->addRow("Delimiter:", delimiter_);

    headerRow_ = new QCheckBox("Header row with the true column indices", this);
    indexColumn_ = new QCheckBox("Index column with the true row indices", this);
    form->addRow("", headerRow_);
    form->addRow("", indexColumn_);

    floatText_ = new QComboBox(this);
    floatText_->setObjectName("floatText");
    floatText_->addItem("Exact (shortest round-trip)");
    floatText_->addItem("As displayed in the view");
    form->addRow("Numbers:", floatText_);

    auto* where = new QWidget(this);
    auto* whereLayout = new QHBoxLayout(where);
    whereLayout->setContentsMargins(0, 0, 0, 0);
    path_ = new QLineEdit(suggestedPath, where);
    path_->setObjectName("path");
    path_->setMinimumWidth(320);
    auto* browse = new QPushButton("Browse…", where);
    whereLayout->addWidget(path_, 1);
    whereLayout->addWidget(browse);
    form->addRow("File:", where);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString chosen = QFileDialog::getSaveFileName(this, "Export as CSV", path_->text(),
                                                            "CSV files (*.csv);;All files (*)");
        if (!chosen.isEmpty())
            path_->setText(chosen);
    });

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText("Export");
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(path_, &QLineEdit::textChanged, this, [buttons](const QString& text) {
        buttons->button(QDialogButtonBox::Ok)->setEnabled(!text.trimmed().isEmpty());
    });
}

CsvOptions CsvExportDialog::options() const
{
    CsvOptions options;
    options.delimiter = delimiter_->currentData().toChar().toLatin1();
    options.headerRow = headerRow_->isChecked();
    options.indexColumn = indexColumn_->isChecked();
    if (floatText_->currentIndex() == 1) {
        options.display = viewDisplay_;
        options.display.roundedMarker = false; // a file holds numbers, not the grid's "rounded" sign
    }
    return options;
}

bool CsvExportDialog::selectionOnly() const
{
    return selection_->isChecked();
}

QString CsvExportDialog::path() const
{
    return path_->text().trimmed();
}
