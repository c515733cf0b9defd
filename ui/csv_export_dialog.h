// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/csv_writer.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QRadioButton;

/// File › Export view as CSV: what to export (the view on screen or the
/// selection), the delimiter, header row and index column, float text
/// (shortest round-trip or the view's display format), and where.
class CsvExportDialog : public QDialog {
    Q_OBJECT
public:
    CsvExportDialog(const arraylens::DisplayOptions& viewDisplay, bool hasSelection, const QString& suggestedPath,
                    QWidget* parent = nullptr);

    [[nodiscard]] arraylens::CsvOptions options() const;
    [[nodiscard]] bool selectionOnly() const;
    [[nodiscard]] QString path() const;

private:
    arraylens::DisplayOptions viewDisplay_;
    QRadioButton* wholeView_ = nullptr;
    QRadioButton* selection_ = nullptr;
    QComboBox* delimiter_ = nullptr;
    QCheckBox* headerRow_ = nullptr;
    QCheckBox* indexColumn_ = nullptr;
    QComboBox* floatText_ = nullptr;
    QLineEdit* path_ = nullptr;
};
