// SPDX-License-Identifier: MIT
#include "core/colormap.h"

#include "core/colormap_tables.h"

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace arraylens {

/// Every map and its reversed form, built once (the tables are small: 2 ×
/// 8 × 1 KiB) and never freed, so references stay valid for the process.
struct ColormapRegistry {
    std::vector<std::unique_ptr<Colormap>> maps;

    ColormapRegistry()
    {
        for (const ColormapTable& table : colormapTables()) {
            maps.emplace_back(new Colormap(table.name, table.description, *table.entries, false));
            maps.emplace_back(new Colormap(std::string(table.name) + "_r",
                                           std::string(table.description) + ", reversed", *table.entries, true));
        }
    }

    static const ColormapRegistry& instance()
    {
        static const ColormapRegistry registry;
        return registry;
    }
};

namespace {

bool equalIgnoringCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

} // namespace

Colormap::Colormap(std::string name, std::string description,
                   const std::array<std::array<std::uint8_t, 3>, kSize>& table, bool reversed)
    : name_(std::move(name)), description_(std::move(description))
{
    for (int i = 0; i < kSize; ++i) {
        const auto& rgb = table[static_cast<std::size_t>(reversed ? kSize - 1 - i : i)];
        entries_[static_cast<std::size_t>(i)] = Rgba{rgb[0], rgb[1], rgb[2], 255};
    }
}

const Colormap& Colormap::named(std::string_view name)
{
    for (const auto& map : ColormapRegistry::instance().maps)
        if (equalIgnoringCase(map->name(), name))
            return *map;
    std::string known;
    for (const std::string& each : names())
        known += (known.empty() ? "" : ", ") + each;
    throw std::invalid_argument("unknown colormap '" + std::string(name) + "'; known maps: " + known +
                                " (add _r to reverse one)");
}

std::vector<std::string> Colormap::names()
{
    std::vector<std::string> result;
    for (const ColormapTable& table : colormapTables())
        result.emplace_back(table.name);
    return result;
}

} // namespace arraylens
