// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include <QWidget>

class ColorScaleModel;
class QAbstractButton;
class QComboBox;
class QLabel;
class QToolButton;

/// The bar above a tab's views: what to show (the grid, the image view, or
/// both side by side), the colormap they share (ColorScaleModel), a Fit
/// button for the image, and the image's readout of the cell under the mouse.
class ViewModeBar : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Grid, Image, Both };

    explicit ViewModeBar(ColorScaleModel* colorScale, QWidget* parent = nullptr);

    [[nodiscard]] Mode mode() const { return mode_; }
    /// Checks the mode's button and emits modeChanged when it differs.
    void setMode(Mode mode);
    void setReadout(const QString& text);
    [[nodiscard]] QComboBox* colormapChooser() const { return colormaps_; }
    [[nodiscard]] QAbstractButton* modeButton(Mode mode) const;

Q_SIGNALS:
    void modeChanged(ViewModeBar::Mode mode);
    void fitRequested();

private:
    void showColormap();

    ColorScaleModel* colorScale_;
    Mode mode_ = Mode::Grid;
    QToolButton* buttons_[3] = {};
    QComboBox* colormaps_ = nullptr;
    QToolButton* fit_ = nullptr;
    QLabel* readout_ = nullptr;
};
