// SPDX-License-Identifier: MIT
#pragma once

// The colormaps' data, generated from matplotlib by scripts/colormap-tables
// (colormap_tables.cpp). Colormap (colormap.h) is what the rest reads.

#include <array>
#include <cstdint>
#include <vector>

namespace arraylens {

struct ColormapTable {
    /// 256 RGB entries, darkest (or the low end) first.
    using Entries = std::array<std::array<std::uint8_t, 3>, 256>;
    const char* name;
    const char* description;
    const Entries* entries;
};

/// Every table, in the order a chooser lists them; gray first.
const std::vector<ColormapTable>& colormapTables();

} // namespace arraylens
