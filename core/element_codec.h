// SPDX-License-Identifier: MIT
#pragma once

// Cell text (DESIGN.md decisions 5 and 11): one codec object per element
// type, used by the grid, editing, the clipboard and CSV alike. Integers are
// exact, bool is True/False, floats the shortest text that reads back to the
// same bits (laid out as Python's repr lays out a float), complex as Python
// writes it, strings and dates as NumPy prints them. Parsing is locale-free
// and validated: "300" into int8 is an error, never a wrap. Text is UTF-8.

#include <cstddef>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>

namespace arraylens {

class CellMatcher;
class StatisticsAccumulator;
class TextSink;
struct FindCondition;

/// A run of elements for statistics: `count` elements from `data`, `stride`
/// bytes apart; `mask` (null when there is none) holds one byte per element,
/// `maskStride` bytes apart, non-zero where the element is masked (left out).
struct StatisticsRun {
    const std::byte* data = nullptr;
    std::int64_t count = 0;
    std::int64_t stride = 0;
    const std::byte* mask = nullptr;
    std::int64_t maskStride = 0;
};

/// What the statistics of an element type are statistics of.
enum class StatisticsReading { None, Value, Magnitude };

/// How numbers are shown; the default is exact (shortest round-trip), as
/// editing, copying and exporting need it.
struct DisplayOptions {
    /// Compact: the exact text when it has at most `compactDigits`
    /// significant digits, else the value rounded to that many (as %g
    /// writes it) followed by kRoundedMarker: 0.1 stays "0.1", 1/7 shows as
    /// "0.142857…". What a grid shows by default: 17-digit text fits 3–4
    /// columns on a screen.
    enum class FloatStyle { Shortest, Fixed, Scientific, Compact };
    FloatStyle floatStyle = FloatStyle::Shortest;
    int precision = 6;         ///< digits after the point for Fixed and Scientific (0 to 60)
    int compactDigits = 6;     ///< significant digits for Compact (1 to 17)
    bool roundedMarker = true; ///< Compact marks rounded text with kRoundedMarker
    bool hexIntegers = false;  ///< integers as 0x… (negative as -0x…)

    /// Ends a Compact text that is not the exact value (UTF-8 "…").
    static constexpr const char* kRoundedMarker = "\u2026";
    /// What a new view shows: Compact.
    [[nodiscard]] static DisplayOptions compactView()
    {
        DisplayOptions options;
        options.floatStyle = FloatStyle::Compact;
        return options;
    }

    friend bool operator==(const DisplayOptions&, const DisplayOptions&) = default;
};

/// Text ↔ bytes for one element type (one byte order, one size). Codecs
/// hold no state that changes, so any thread may use one at any time.
class ElementCodec {
public:
    virtual ~ElementCodec() = default;

    /// Appends the text of the element at p (its own byte order, any alignment).
    virtual void format(const std::byte* p, TextSink& out, const DisplayOptions& options) const = 0;
    /// Parses text into the element's bytes (itemsize of them, in the
    /// element's byte order) at out. Throws CellTextError saying why
    /// ("'300' is out of range for int8 (-128 to 127)"); out is untouched then.
    virtual void parse(std::string_view text, std::byte* out) const = 0;
    /// The element as a double where the type is numeric (complex: its
    /// magnitude); nothing for text, bytes and dates.
    [[nodiscard]] virtual std::optional<double> toDouble(const std::byte* p) const
    {
        (void)p;
        return std::nullopt;
    }
    /// What statistics read of this type: numbers their value (bool as 0
    /// and 1), complex numbers their magnitude, text and dates nothing.
    [[nodiscard]] virtual StatisticsReading statisticsReading() const { return StatisticsReading::None; }
    /// Adds the run's values to `statistics` in one pass (ArrayStatistics
    /// calls it on its worker threads); does nothing where
    /// statisticsReading() is None.
    virtual void accumulateStatistics(const StatisticsRun& run, StatisticsAccumulator& statistics) const
    {
        (void)run;
        (void)statistics;
    }
    /// toDouble() of `count` elements `stride` bytes apart (any sign), into
    /// out; NaN where there is none. One call per band of cells, not per
    /// cell: what a plot reads 10^8 of.
    virtual void toDoubles(const std::byte* p, std::ptrdiff_t stride, std::size_t count, double* out) const
    {
        for (std::size_t i = 0; i < count; ++i, p += stride)
            out[i] = toDouble(p).value_or(std::numeric_limits<double>::quiet_NaN());
    }
    /// Whether some text of this type may hold the delimiter, a quote, CR or
    /// LF, so that a CSV cell must be checked for quoting (RFC 4180). Numbers
    /// are written from a small alphabet and never need it with ',' or '\t'.
    [[nodiscard]] virtual bool mayNeedQuotes(char delimiter) const = 0;
    /// Find: the condition read in this type, for testing cells in place.
    /// Throws CellTextError when its value does not read as this type
    /// ("'abc' is not a number"). The default compares the cells' text
    /// (text_matcher.h); numbers compare values (number_matcher.h).
    [[nodiscard]] virtual std::unique_ptr<const CellMatcher> matcher(const FindCondition& condition) const;
};

} // namespace arraylens
