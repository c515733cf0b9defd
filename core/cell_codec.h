// SPDX-License-Identifier: MIT
#pragma once

// Cell text (DESIGN.md decision 5): the one codec the grid, editing, the
// clipboard and CSV use. Integers are exact, bool is True/False, floats the
// shortest text that reads back to the same bits (laid out as Python's repr
// lays out a float), complex as Python writes it. Parsing is locale-free and
// range-checked: "300" into int8 is an error, never a wrap.

#include "core/dtype_table.h"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>

namespace arraylens {

/// How numbers are shown; the default is exact (shortest round-trip).
struct DisplayOptions {
    enum class FloatStyle { Shortest, Fixed, Scientific };
    FloatStyle floatStyle = FloatStyle::Shortest;
    int precision = 6;         ///< digits after the point for Fixed and Scientific (0 to 60)
    bool hexIntegers = false;  ///< integers as 0x… (negative as -0x…)

    friend bool operator==(const DisplayOptions&, const DisplayOptions&) = default;
};

/// The bytes of one element, in the buffer's own byte order, ready to store.
struct ElementBytes {
    std::array<std::byte, 32> bytes{};
    int size = 0;
};

class CellCodec {
public:
    /// Room write() may need: a complex long double in fixed notation.
    static constexpr std::size_t kMaxTextSize = 10240;

    /// Writes the text of the element at p to out, which has room for
    /// kMaxTextSize characters, and returns the end (the CSV writer's hot path).
    static char* write(char* out, const std::byte* p, const ElementFormat& format, const DisplayOptions& options = {});
    /// The text of the element at p.
    [[nodiscard]] static std::string format(const std::byte* p, const ElementFormat& format,
                                            const DisplayOptions& options = {});
    /// Appends the text of the element at p to out.
    static void appendTo(std::string& out, const std::byte* p, const ElementFormat& format,
                         const DisplayOptions& options = {});

    /// Parses text into the element's bytes. Throws CellTextError saying why
    /// ("'300' is out of range for int8 (-128 to 127)"); nothing is written.
    [[nodiscard]] static ElementBytes parse(std::string_view text, const ElementFormat& format);

    /// Stores parsed bytes at p. Only the element's own bytes are touched.
    static void store(std::byte* p, const ElementBytes& bytes);
    /// The element's current bytes (for undo).
    [[nodiscard]] static ElementBytes load(const std::byte* p, const ElementFormat& format);
};

} // namespace arraylens
