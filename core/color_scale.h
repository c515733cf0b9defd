// SPDX-License-Identifier: MIT
#pragma once

// Values to colours: a colormap stretched over a range [low, high]. The heat
// map, the image view and --render all colour through one ColorScale, so a
// value has the same colour everywhere.

#include "core/colormap.h"

#include <cmath>

namespace arraylens {

class ColorScale {
public:
    /// What entry() returns beside the 256 map entries, for the values no
    /// range can place: each has a fixed colour of its own, so that NaN and
    /// the infinities stand out on every map instead of passing for its ends.
    enum SpecialEntry : int { kNanEntry = Colormap::kSize, kPositiveInfinityEntry, kNegativeInfinityEntry };
    static constexpr int kEntryCount = Colormap::kSize + 3;

    /// The three are at least 35 apart (RGB distance) from every entry of
    /// every map (test_color_scale checks it). NaN: a magenta grey.
    static constexpr Rgba kNanColor{200, 64, 200, 255};
    /// +inf: a pale cyan white (not white: white is gray's top).
    static constexpr Rgba kPositiveInfinityColor{190, 255, 255, 255};
    /// -inf: a dark brown black (not black: black is gray's bottom).
    static constexpr Rgba kNegativeInfinityColor{64, 32, 0, 255};

    /// gray over [0, 1].
    ColorScale() : ColorScale(Colormap::gray(), 0.0, 1.0) {}
    /// Throws std::invalid_argument when low or high is not finite.
    ColorScale(const Colormap& colormap, double low, double high);

    [[nodiscard]] const Colormap& colormap() const { return *colormap_; }
    void setColormap(const Colormap& colormap) { colormap_ = &colormap; }
    [[nodiscard]] double low() const { return low_; }
    [[nodiscard]] double high() const { return high_; }
    /// low > high is allowed (the map runs backwards). Throws
    /// std::invalid_argument when either is not finite.
    void setRange(double low, double high);

    /// Where value lies: 0 at low, 1 at high, linear between (not clamped);
    /// 0.5 for everything when low == high; NaN for NaN and ±inf.
    [[nodiscard]] double position(double value) const
    {
        if (!std::isfinite(value))
            return std::nan("");
        if (low_ == high_)
            return 0.5;
        // (value - low) can overflow where low and high are far apart
        // (-1e308 .. 1e308); halves cannot, and a division keeps the
        // precision that a subnormal inverse would lose.
        return wide_ ? (value * 0.5 - low_ * 0.5) / halfSpan_ : (value - low_) * inverseSpan_;
    }
    /// The entry value gets: 0..255 in the map (values outside the range
    /// clamp to its ends), or one of SpecialEntry. Cheap enough for every
    /// painted cell: the UI keeps its colours in a table of kEntryCount.
    [[nodiscard]] int entry(double value) const
    {
        if (std::isnan(value))
            return kNanEntry;
        if (std::isinf(value))
            return value > 0 ? kPositiveInfinityEntry : kNegativeInfinityEntry;
        return Colormap::binOf(position(value));
    }
    /// The colour of entry(i), 0 <= i < kEntryCount.
    [[nodiscard]] Rgba entryColor(int i) const;
    /// The value's colour: its place between low and high on the map, or
    /// the special colour of NaN, +inf or -inf.
    [[nodiscard]] Rgba color(double value) const { return entryColor(entry(value)); }

private:
    const Colormap* colormap_;
    double low_ = 0.0;
    double high_ = 1.0;
    bool wide_ = false;
    double inverseSpan_ = 1.0;
    double halfSpan_ = 0.5;
};

} // namespace arraylens
