// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include <QWidget>

#include <memory>

class QFormLayout;
class QLabel;
class QTableWidget;
class QToolButton;

namespace arraylens {
class ArrayData;
}

/// The dtype table from core — format, NumPy dtype, C++ type, itemsize,
/// typed accessors; folded away until asked for — with the current buffer's row highlighted, and the
/// current buffer's format string, itemsize, shape, strides, byte order,
/// read-only flag, contiguity and suboffsets.
class DtypeInspector : public QWidget {
    Q_OBJECT
public:
    explicit DtypeInspector(QWidget* parent = nullptr);

    /// Shows `buffer` (null: nothing open).
    void showArray(const std::shared_ptr<arraylens::ArrayData>& array);
    /// The highlighted table row, -1 when none (for tests).
    [[nodiscard]] int highlightedRow() const { return highlighted_; }

private:
    QTableWidget* table_ = nullptr;
    QToolButton* tableToggle_ = nullptr; ///< folds the table away (the default) or shows it
    QFormLayout* form_ = nullptr;
    int highlighted_ = -1;
};
