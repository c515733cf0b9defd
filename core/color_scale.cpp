// SPDX-License-Identifier: MIT
#include "core/color_scale.h"

#include <stdexcept>
#include <string>

namespace arraylens {

ColorScale::ColorScale(const Colormap& colormap, double low, double high) : colormap_(&colormap)
{
    setRange(low, high);
}

void ColorScale::setRange(double low, double high)
{
    if (!std::isfinite(low) || !std::isfinite(high))
        throw std::invalid_argument("a colour range needs finite ends, not " + std::to_string(low) + " .. " +
                                    std::to_string(high));
    low_ = low;
    high_ = high;
    // Spans past 1e300 take the slow path: their inverse is near subnormal.
    wide_ = !(std::fabs(high - low) < 1e300);
    inverseSpan_ = low == high ? 0.0 : 1.0 / (high - low);
    halfSpan_ = high * 0.5 - low * 0.5;
}

Rgba ColorScale::entryColor(int i) const
{
    switch (i) {
    case kNanEntry: return kNanColor;
    case kPositiveInfinityEntry: return kPositiveInfinityColor;
    case kNegativeInfinityEntry: return kNegativeInfinityColor;
    default: return colormap_->entry(i);
    }
}

} // namespace arraylens
