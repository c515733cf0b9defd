// SPDX-License-Identifier: MIT
#include "ui/color_scale_model.h"

#include <cmath>

using namespace arraylens;

ColorScaleModel::ColorScaleModel(QObject* parent) : QObject(parent)
{
    rebuildTable();
}

void ColorScaleModel::rebuildTable()
{
    for (int i = 0; i < ColorScale::kEntryCount; ++i) {
        const Rgba c = scale_.entryColor(i);
        lut_[static_cast<std::size_t>(i)] = qRgba(c.r, c.g, c.b, c.a);
    }
}

void ColorScaleModel::setHeatMapEnabled(bool enabled)
{
    if (enabled == heatMapEnabled_)
        return;
    heatMapEnabled_ = enabled;
    Q_EMIT changed();
}

void ColorScaleModel::setColormap(const Colormap& colormap)
{
    if (&colormap == &scale_.colormap())
        return;
    scale_.setColormap(colormap);
    rebuildTable();
    Q_EMIT changed();
}

void ColorScaleModel::setColormap(std::string_view name)
{
    setColormap(Colormap::named(name));
}

void ColorScaleModel::setRangeMode(RangeMode mode)
{
    if (mode == rangeMode_)
        return;
    rangeMode_ = mode;
    hasRange_ = mode == RangeMode::Manual; // a manual range is the one in use
    Q_EMIT changed();
}

void ColorScaleModel::setRange(double low, double high)
{
    if (rangeMode_ == RangeMode::Manual || !std::isfinite(low) || !std::isfinite(high))
        return;
    if (hasRange_ && low == scale_.low() && high == scale_.high())
        return;
    scale_.setRange(low, high);
    hasRange_ = true;
    Q_EMIT changed();
}

void ColorScaleModel::setManualRange(double low, double high)
{
    scale_.setRange(low, high); // throws for an end that is not finite
    rangeMode_ = RangeMode::Manual;
    hasRange_ = true;
    Q_EMIT changed();
}

void ColorScaleModel::clearRange()
{
    if (rangeMode_ == RangeMode::Manual || !hasRange_)
        return;
    hasRange_ = false;
    Q_EMIT changed();
}
