// SPDX-License-Identifier: MIT
#include "ui/grid_scroll_bar.h"

#include <QGuiApplication>
#include <QPainter>
#include <QStyle>
#include <QStyleOptionSlider>

namespace {

// Looks kept: the slider in the middle and at either end, in one state.
constexpr std::size_t kMaxStills = 4;

} // namespace

const GridScrollBar::Still& GridScrollBar::stillFor(const StillLook& look, const QStyleOptionSlider& option)
{
    for (const Still& still : stills_)
        if (still.look == look)
            return still;
    if (stills_.size() >= kMaxStills)
        stills_.clear();
    const auto draw = [&](QStyle::SubControls parts) {
        QPixmap pixmap(look.size * look.ratio);
        pixmap.setDevicePixelRatio(look.ratio);
        pixmap.fill(Qt::transparent);
        QStyleOptionSlider partOption = option;
        partOption.subControls = parts;
        QPainter painter(&pixmap);
        style()->drawComplexControl(QStyle::CC_ScrollBar, &partOption, &painter, this);
        return pixmap;
    };
    return stills_.emplace_back(
        look, draw(QStyle::SC_ScrollBarGroove | QStyle::SC_ScrollBarAddPage | QStyle::SC_ScrollBarSubPage),
        draw(QStyle::SC_ScrollBarAddLine | QStyle::SC_ScrollBarSubLine | QStyle::SC_ScrollBarFirst |
             QStyle::SC_ScrollBarLast));
}

void GridScrollBar::paintEvent(QPaintEvent* event)
{
    if (underMouse() || isSliderDown() || QGuiApplication::mouseButtons() != Qt::NoButton) {
        QScrollBar::paintEvent(event);
        return;
    }
    QStyleOptionSlider option;
    initStyleOption(&option);
    option.subControls = QStyle::SC_All;
    option.activeSubControls = QStyle::SC_None;

    const StillLook look{size(), option.state.toInt(), palette().cacheKey(), style(), devicePixelRatioF(),
                         value() == minimum(), value() == maximum()};
    const Still& still = stillFor(look, option);
    QPainter painter(this);
    painter.drawPixmap(0, 0, still.groove);
    QStyleOptionSlider sliderOption = option;
    sliderOption.subControls = QStyle::SC_ScrollBarSlider;
    style()->drawComplexControl(QStyle::CC_ScrollBar, &sliderOption, &painter, this);
    painter.drawPixmap(0, 0, still.buttons);
}
