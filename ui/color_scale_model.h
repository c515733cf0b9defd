// SPDX-License-Identifier: MIT
#pragma once

// The colour scale of one view tab, shared by the grid's heat map and the
// image view: which map, over which range, and where the range comes from.
// Views read colours through color()/rgb(), a table lookup (they run for
// every painted cell), and repaint on changed().

#include "core/color_scale.h"

#include <QColor>
#include <QObject>

#include <array>
#include <string_view>

class ColorScaleModel : public QObject {
    Q_OBJECT
public:
    /// Where the range comes from. The view that can compute it calls
    /// setRange(): the grid (or the image view when the grid is hidden) for
    /// the visible window, a background pass for the whole view; Manual is
    /// the user's, and only setManualRange() changes it.
    enum class RangeMode { VisibleWindow, WholeView, Manual };

    explicit ColorScaleModel(QObject* parent = nullptr);

    [[nodiscard]] const arraylens::ColorScale& scale() const { return scale_; }
    [[nodiscard]] const arraylens::Colormap& colormap() const { return scale_.colormap(); }
    [[nodiscard]] double low() const { return scale_.low(); }
    [[nodiscard]] double high() const { return scale_.high(); }
    /// False until a range was set (and after clearRange()): a view then
    /// computes one for the mode, or paints with the default [0, 1].
    [[nodiscard]] bool hasRange() const { return hasRange_; }
    /// Cells coloured by value in the grid (the image view always is).
    [[nodiscard]] bool heatMapEnabled() const { return heatMapEnabled_; }
    [[nodiscard]] RangeMode rangeMode() const { return rangeMode_; }

    void setHeatMapEnabled(bool enabled);
    void setColormap(const arraylens::Colormap& colormap);
    /// Throws std::invalid_argument for an unknown name (see Colormap::named).
    void setColormap(std::string_view name);
    /// Changing the mode clears the range (it came from another source).
    void setRangeMode(RangeMode mode);
    /// The range in use, from what the mode says (ignored in Manual mode, so
    /// that a view computing its window cannot override the user). Ends that
    /// are not finite are ignored (a view of only NaN has no range).
    void setRange(double low, double high);
    /// Switches to Manual and uses [low, high]. Throws std::invalid_argument
    /// when an end is not finite.
    void setManualRange(double low, double high);
    /// Forgets the range (the plane changed): hasRange() is false until a
    /// view sets one. Manual ranges stay.
    void clearRange();

    /// The colour of value (see ColorScale::color), as a QRgb: one lookup.
    [[nodiscard]] QRgb rgb(double value) const { return lut_[static_cast<std::size_t>(scale_.entry(value))]; }
    [[nodiscard]] QColor color(double value) const { return QColor::fromRgba(rgb(value)); }
    /// Every entry's colour: the map's 256, then NaN, +inf, -inf (ColorScale::entry).
    [[nodiscard]] const std::array<QRgb, arraylens::ColorScale::kEntryCount>& lookupTable() const { return lut_; }

Q_SIGNALS:
    /// Anything above changed: repaint.
    void changed();

private:
    void rebuildTable();

    arraylens::ColorScale scale_;
    std::array<QRgb, arraylens::ColorScale::kEntryCount> lut_{};
    bool hasRange_ = false;
    bool heatMapEnabled_ = false;
    RangeMode rangeMode_ = RangeMode::VisibleWindow;
};
