// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace arraylens {

/// One axis of a resolved selection: either a fixed index or a range
/// start, start + step, … (count elements).
struct AxisSelection {
    bool fixed = false;
    std::int64_t start = 0; ///< the index when fixed
    std::int64_t count = 1;
    std::int64_t step = 1;

    /// The index along the source axis of the i-th selected element.
    [[nodiscard]] std::int64_t indexAt(std::int64_t i) const { return start + i * step; }
};

/// A NumPy basic index as text ("1,:,:", ":,0,::-1", "...,2", "-1"), parsed.
/// Integers fix an axis; slices keep it; "..." stands for as many ":" as
/// needed; missing trailing items are ":". newaxis and advanced indexing are
/// not basic indexing and are refused.
class SliceSpec {
public:
    struct Item {
        enum class Kind { Index, Range, Ellipsis } kind = Kind::Range;
        std::int64_t index = 0;
        std::optional<std::int64_t> start, stop;
        std::int64_t step = 1;
    };

    SliceSpec() = default; ///< everything: the same as ":" on every axis
    explicit SliceSpec(std::vector<Item> items) : items_(std::move(items)) {}

    /// Throws SliceError with the position and reason of a syntax error.
    [[nodiscard]] static SliceSpec parse(std::string_view text);

    /// One selection per axis of shape. Throws SliceError for too many
    /// indices, an index out of bounds or a zero step (NumPy's messages).
    [[nodiscard]] std::vector<AxisSelection> resolve(std::span<const std::int64_t> shape) const;

    [[nodiscard]] const std::vector<Item>& items() const { return items_; }
    /// A selection every buffer of this many dimensions accepts, as text:
    /// the last two axes kept, every other fixed at 0 ("0,0,:,:" for 4-D).
    [[nodiscard]] static std::string planeExample(std::size_t dimensions);
    /// Canonical text: parse(toString()) == *this.
    [[nodiscard]] std::string toString() const;

private:
    std::vector<Item> items_;
};

} // namespace arraylens
