// SPDX-License-Identifier: MIT
#include "ui/view_mode_bar.h"

#include "core/colormap.h"
#include "ui/color_scale_model.h"

#include <QButtonGroup>
#include <QComboBox>
#include <QHBoxLayout>
#include <QImage>
#include <QLabel>
#include <QPixmap>
#include <QSignalBlocker>
#include <QToolButton>

using namespace arraylens;

namespace {

/// The map as a small strip, for the chooser.
QIcon colormapIcon(const Colormap& map)
{
    QImage strip(64, 12, QImage::Format_RGB32);
    for (int x = 0; x < strip.width(); ++x) {
        const Rgba c = map.at((x + 0.5) / strip.width());
        for (int y = 0; y < strip.height(); ++y)
            strip.setPixel(x, y, qRgb(c.r, c.g, c.b));
    }
    return QIcon(QPixmap::fromImage(strip));
}

} // namespace

ViewModeBar::ViewModeBar(ColorScaleModel* colorScale, QWidget* parent) : QWidget(parent), colorScale_(colorScale)
{
    setObjectName("viewModeBar");
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    auto* group = new QButtonGroup(this);
    const char* const names[] = {"Grid", "Image", "Both"};
    const char* const tips[] = {"Show the cells", "Show the plane as a picture", "Show the cells and the picture"};
    for (int i = 0; i < 3; ++i) {
        auto* button = new QToolButton(this);
        button->setText(names[i]);
        button->setToolTip(tips[i]);
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setObjectName(QString("viewMode%1").arg(names[i]));
        group->addButton(button, i);
        layout->addWidget(button);
        buttons_[i] = button;
    }
    buttons_[0]->setChecked(true);
    connect(group, &QButtonGroup::idClicked, this, [this](int id) { setMode(static_cast<Mode>(id)); });

    layout->addSpacing(12);
    auto* label = new QLabel("Colours:", this);
    layout->addWidget(label);
    colormaps_ = new QComboBox(this);
    colormaps_->setObjectName("colormapChooser");
    colormaps_->setToolTip("The colormap of the image view and of the grid's heat map");
    colormaps_->setIconSize(QSize(64, 12));
    for (const std::string& name : Colormap::names())
        colormaps_->addItem(colormapIcon(Colormap::named(name)), QString::fromStdString(name));
    label->setBuddy(colormaps_);
    layout->addWidget(colormaps_);
    connect(colormaps_, &QComboBox::currentTextChanged, this,
            [this](const QString& name) { colorScale_->setColormap(name.toStdString()); });
    connect(colorScale_, &ColorScaleModel::changed, this, &ViewModeBar::showColormap);
    showColormap();

    fit_ = new QToolButton(this);
    fit_->setText("Fit");
    fit_->setObjectName("fitImage");
    fit_->setToolTip("Fit the whole plane into the image view (double-click the image, or press F)");
    fit_->setAutoRaise(true);
    layout->addWidget(fit_);
    connect(fit_, &QToolButton::clicked, this, &ViewModeBar::fitRequested);

    readout_ = new QLabel(this);
    readout_->setObjectName("imageReadout");
    readout_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    readout_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred); // a long readout never widens the window
    readout_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    layout->addWidget(readout_, 1);
    setMode(Mode::Grid);
}

QAbstractButton* ViewModeBar::modeButton(Mode mode) const
{
    return buttons_[static_cast<int>(mode)];
}

void ViewModeBar::setMode(Mode mode)
{
    buttons_[static_cast<int>(mode)]->setChecked(true);
    fit_->setVisible(mode != Mode::Grid);
    readout_->setVisible(mode != Mode::Grid);
    if (mode == mode_)
        return;
    mode_ = mode;
    Q_EMIT modeChanged(mode);
}

void ViewModeBar::setReadout(const QString& text)
{
    readout_->setText(text);
}

void ViewModeBar::showColormap()
{
    const QSignalBlocker blocker(colormaps_);
    const int index = colormaps_->findText(QString::fromUtf8(colorScale_->colormap().name().data(),
                                                             static_cast<int>(colorScale_->colormap().name().size())));
    if (index >= 0)
        colormaps_->setCurrentIndex(index);
}
