// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include <QMenu>
#include <QPointer>

class ColorScaleModel;
class QAction;
class QActionGroup;

/// View › Heat map: colours the current view's cells by value (issue 12,
/// item 2). Switches the heat map on and off, picks the colormap and where
/// the range comes from (the cells on screen, the whole view computed in
/// the background, or typed in), on the current tab's ColorScaleModel,
/// which the image view shares; the menu shows that scale's state.
class HeatMapMenu : public QMenu {
    Q_OBJECT
public:
    explicit HeatMapMenu(QWidget* parent = nullptr);

    /// The scale the menu acts on (null: the menu is disabled).
    void setScale(ColorScaleModel* scale);
    [[nodiscard]] QAction* toggleAction() const { return toggle_; }

private:
    /// Shows the scale's state in the checks.
    void showScale();
    void askForRange();

    QPointer<ColorScaleModel> scale_;
    QMetaObject::Connection scaleChanged_;
    QAction* toggle_;
    QActionGroup* colormaps_;
    QActionGroup* rangeModes_;
};
