// SPDX-License-Identifier: MIT
#pragma once

#include <QPixmap>
#include <QScrollBar>
#include <QSize>

#include <vector>

class QStyleOptionSlider;

/// A scroll bar of ArrayGridView that draws what does not move from a
/// pixmap: the groove and the arrow buttons are the same for every slider
/// position, and the style (Fusion) paints them with a gradient and
/// translucent lines the height of the bar, which Qt's raster engine
/// splits across its thread pool: a tenth of a 2-D frame for a bar that
/// moves on every page. Only the slider is painted by the style each time,
/// between the groove and the buttons, in the style's own order.
/// Under the mouse or while pressed (the style then shows hovered and
/// pressed parts, which QScrollBar keeps private) it paints as QScrollBar.
class GridScrollBar : public QScrollBar {
    Q_OBJECT
public:
    using QScrollBar::QScrollBar;

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    /// What the still part depends on: the size, the state, the palette, the
    /// style, and whether the slider is at an end (an arrow button may look
    /// disabled there).
    struct StillLook {
        QSize size;
        uint state = 0;
        qint64 palette = 0;
        const QStyle* style = nullptr;
        qreal ratio = 0;
        bool atMinimum = false;
        bool atMaximum = false;
        bool operator==(const StillLook&) const = default;
    };
    /// The groove and the arrow buttons (on a transparent ground) as drawn
    /// for a look: a few looks, the slider in the middle and at either end.
    struct Still {
        StillLook look;
        QPixmap groove;
        QPixmap buttons;
    };
    const Still& stillFor(const StillLook& look, const QStyleOptionSlider& option);
    std::vector<Still> stills_;
};
