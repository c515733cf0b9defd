// SPDX-License-Identifier: MIT
#include "ui/heat_map_menu.h"

#include "core/colormap.h"
#include "ui/color_scale_model.h"

#include <QActionGroup>
#include <QInputDialog>
#include <QMessageBox>
#include <QRegularExpression>
#include <QStringList>

#include <cmath>
#include <stdexcept>

HeatMapMenu::HeatMapMenu(QWidget* parent) : QMenu("&Heat map", parent)
{
    toggle_ = addAction("&Colour cells by value");
    toggle_->setObjectName("heatMapToggle");
    toggle_->setCheckable(true);
    toggle_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_H));
    connect(toggle_, &QAction::triggered, this, [this](bool on) {
        if (scale_)
            scale_->setHeatMapEnabled(on);
    });
    addSeparator();
    colormaps_ = new QActionGroup(this);
    QMenu* maps = addMenu("Color&map");
    // The maps without their reversed twins (each has a "_r"); a few users
    // want those, the list stays short.
    for (const std::string& name : arraylens::Colormap::names()) {
        if (name.ends_with("_r"))
            continue;
        QAction* action = maps->addAction(QString::fromStdString(name));
        action->setCheckable(true);
        action->setData(QString::fromStdString(name));
        colormaps_->addAction(action);
    }
    connect(colormaps_, &QActionGroup::triggered, this, [this](QAction* action) {
        if (scale_)
            scale_->setColormap(action->data().toString().toStdString());
    });
    rangeModes_ = new QActionGroup(this);
    const std::pair<const char*, ColorScaleModel::RangeMode> modes[] = {
        {"Range of the cells on &screen", ColorScaleModel::RangeMode::VisibleWindow},
        {"Range of the &whole view", ColorScaleModel::RangeMode::WholeView},
        {"&Range…", ColorScaleModel::RangeMode::Manual},
    };
    addSeparator();
    for (const auto& [label, mode] : modes) {
        QAction* action = addAction(label);
        action->setCheckable(true);
        action->setData(static_cast<int>(mode));
        rangeModes_->addAction(action);
    }
    connect(rangeModes_, &QActionGroup::triggered, this, [this](QAction* action) {
        if (!scale_)
            return;
        const auto mode = static_cast<ColorScaleModel::RangeMode>(action->data().toInt());
        if (mode == ColorScaleModel::RangeMode::Manual)
            askForRange();
        else
            scale_->setRangeMode(mode);
        showScale();
    });
    setScale(nullptr);
}

void HeatMapMenu::setScale(ColorScaleModel* scale)
{
    disconnect(scaleChanged_);
    scale_ = scale;
    if (scale)
        scaleChanged_ = connect(scale, &ColorScaleModel::changed, this, &HeatMapMenu::showScale);
    setEnabled(scale != nullptr);
    toggle_->setEnabled(scale != nullptr);
    showScale();
}

void HeatMapMenu::showScale()
{
    toggle_->setChecked(scale_ && scale_->heatMapEnabled());
    const QString map = scale_ ? QString::fromUtf8(scale_->colormap().name().data(),
                                                   static_cast<qsizetype>(scale_->colormap().name().size()))
                               : QString();
    for (QAction* action : colormaps_->actions())
        action->setChecked(action->data().toString() == map);
    for (QAction* action : rangeModes_->actions())
        action->setChecked(scale_ && action->data().toInt() == static_cast<int>(scale_->rangeMode()));
}

void HeatMapMenu::askForRange()
{
    bool ok = false;
    const QString current = scale_->hasRange() ? QString("%1 %2").arg(scale_->low()).arg(scale_->high()) : QString();
    const QString text = QInputDialog::getText(parentWidget(), "Heat map range",
                                               "Lowest and highest value (e.g. -1 1):", QLineEdit::Normal, current,
                                               &ok);
    if (!ok || !scale_)
        return;
    const QStringList parts = text.split(QRegularExpression("[\\s,;]+"), Qt::SkipEmptyParts);
    bool lowOk = false;
    bool highOk = false;
    const double low = parts.size() == 2 ? parts[0].toDouble(&lowOk) : 0;
    const double high = parts.size() == 2 ? parts[1].toDouble(&highOk) : 0;
    if (!lowOk || !highOk || !std::isfinite(low) || !std::isfinite(high) || low > high) {
        QMessageBox::warning(parentWidget(), "Heat map range",
                             QString("\"%1\" is not a range: type the lowest and the highest value, "
                                     "two finite numbers, the lowest first.")
                                 .arg(text));
        return;
    }
    scale_->setManualRange(low, high);
}
