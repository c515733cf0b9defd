// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/slice_spec.h"

#include <QWidget>

#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

/// Picks the 2-D plane of an N-D buffer: the row axis, the column axis and
/// an index for every other axis (spin boxes; negative indices count from
/// the end), kept in sync both ways with a NumPy-style slice text field
/// ("1,:,:", ":,0,::-1"). Any number of dimensions.
class SliceBar : public QWidget {
    Q_OBJECT
public:
    explicit SliceBar(QWidget* parent = nullptr);

    /// Shows the controls for a buffer of this shape, set to `slice`.
    /// `axisNames` (one per axis, e.g. xarray's dims) label the axes; empty: "axis 0", "axis 1", …
    void setShape(const std::vector<std::int64_t>& shape, const std::vector<std::string>& axisNames,
                  const arraylens::SliceSpec& slice, bool transposed);
    [[nodiscard]] QString sliceText() const;
    /// Sets the text field as if typed (and Enter pressed).
    void applyText(const QString& text);
    /// Shows a message next to the controls (a refused slice); empty clears it.
    void showProblem(const QString& message);
    /// Record arrays: offers `fields` (leaf names) with `shown` selected
    /// (one leaf, or empty for all of them); no fields hides the chooser.
    void setFields(const QStringList& fields, const QString& shown);

Q_SIGNALS:
    /// The user chose a record field ("" for all fields).
    void fieldRequested(const QString& field);

    /// The user chose another plane. The receiver validates it (against the
    /// buffer) and calls showProblem() if it refuses.
    void sliceRequested(const arraylens::SliceSpec& slice, bool transposed);

private:
    void rebuildAxisControls();
    void syncControlsFromSlice(const arraylens::SliceSpec& slice, bool transposed);
    void emitFromControls();
    void emitFromText();

    std::vector<std::int64_t> shape_;
    std::vector<std::string> axisNames_;
    /// "time" for a named axis, "axis 2" otherwise.
    [[nodiscard]] QString axisName(std::size_t axis) const;
    QComboBox* rowAxis_ = nullptr;
    QComboBox* columnAxis_ = nullptr;
    QWidget* indexPanel_ = nullptr;
    std::vector<QSpinBox*> indexBoxes_; ///< one per axis; hidden for the row and column axes
    std::vector<QLabel*> indexLabels_;
    QLineEdit* text_ = nullptr;
    QLabel* problem_ = nullptr;
    QLabel* fieldLabel_ = nullptr;
    QComboBox* field_ = nullptr;
    bool syncing_ = false;
    /// The axes the shown plane has as rows and columns: choosing one for the
    /// other swaps them.
    int shownRowAxis_ = 0;
    int shownColumnAxis_ = 1;
};
