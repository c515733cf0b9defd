// SPDX-License-Identifier: MIT
#pragma once

// Named colour maps for the heat map, the image view and --render: exact
// 256-entry tables of matplotlib's maps (colormap_tables.cpp), so that an
// image here looks as it does in matplotlib, silx or napari.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace arraylens {

struct Rgba {
    std::uint8_t r, g, b, a;
    friend bool operator==(const Rgba&, const Rgba&) = default;
};

class Colormap {
public:
    static constexpr int kSize = 256;

    /// The map called `name` (case-insensitive; "viridis_r" is viridis
    /// reversed). Throws std::invalid_argument naming the known maps.
    static const Colormap& named(std::string_view name);
    /// The known maps' names, gray first (each also has a reversed "_r" form).
    static std::vector<std::string> names();
    /// The gray map: black to white.
    static const Colormap& gray() { return named("gray"); }

    [[nodiscard]] std::string_view name() const { return name_; }
    /// One line on what the map is for.
    [[nodiscard]] std::string_view description() const { return description_; }
    /// The colour at t in [0, 1] (clamped; NaN reads as 0). As matplotlib
    /// does, [0, 1] is cut into 256 bins of equal width: entry
    /// min(255, floor(t * 256)), so t = 0.5 is entry 128 and only t = 1 (and
    /// what is within 1/256 of it) gets the last entry.
    [[nodiscard]] Rgba at(double t) const { return entries_[static_cast<std::size_t>(binOf(t))]; }
    /// Entry i, 0 <= i < 256 (opaque).
    [[nodiscard]] Rgba entry(int i) const { return entries_[static_cast<std::size_t>(i)]; }
    /// The entry t falls in (see at()).
    [[nodiscard]] static int binOf(double t)
    {
        if (!(t > 0.0)) // also NaN
            return 0;
        if (t >= 1.0)
            return kSize - 1;
        const int bin = static_cast<int>(t * kSize);
        return bin < kSize ? bin : kSize - 1;
    }

    Colormap(const Colormap&) = delete;
    Colormap& operator=(const Colormap&) = delete;

private:
    Colormap(std::string name, std::string description, const std::array<std::array<std::uint8_t, 3>, kSize>& table,
             bool reversed);
    friend struct ColormapRegistry;

    std::string name_;
    std::string description_;
    std::array<Rgba, kSize> entries_{};
};

} // namespace arraylens
