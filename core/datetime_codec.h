// SPDX-License-Identifier: MIT
#pragma once

#include "core/element_codec.h"

#include <cstdint>
#include <optional>
#include <string_view>

namespace arraylens {

/// NumPy's datetime64[unit] and timedelta64[unit]: a signed 64-bit count of
/// units since 1970-01-01T00:00 (or a duration), INT64_MIN being NaT.
/// datetime64 text is numpy.datetime_as_string's ("2024-02-29T12:00:00.125"
/// for ms, "2024-01-01" for D, "-001-01-01" before year 0); timedelta64 text
/// is the count in its unit ("5", "-3"). Parsing takes the same text and
/// refuses what the unit cannot hold exactly (NumPy would truncate).
class DateTimeCodec final : public ElementCodec {
public:
    enum class Unit { Year, Month, Week, Day, Hour, Minute, Second, Milli, Micro, Nano, Pico, Femto, Atto };

    /// The unit NumPy spells `text` ("ms", "D"); nothing for others.
    [[nodiscard]] static std::optional<Unit> unitNamed(std::string_view text);

    DateTimeCodec(Unit unit, bool isDuration, bool swapped) : unit_(unit), duration_(isDuration), swapped_(swapped) {}

    void format(const std::byte* p, TextSink& out, const DisplayOptions& options) const override;
    void parse(std::string_view text, std::byte* out) const override;
    /// Durations read as their count; dates have no numeric reading.
    [[nodiscard]] std::optional<double> toDouble(const std::byte* p) const override;
    [[nodiscard]] bool mayNeedQuotes(char delimiter) const override;
    /// Find: ==, !=, <, <=, >, >= compare instants (durations) exactly, the
    /// value read as a cell of this type reads it ("2021-06" in a [D]
    /// column is refused, as typing it there is); NaT never compares except
    /// that != finds it (as in NumPy), and "nan" (or "== NaT") finds NaT. A
    /// bare value finds the cells whose text contains it ("2021").
    [[nodiscard]] std::unique_ptr<const CellMatcher> matcher(const FindCondition& condition) const override;

private:
    [[nodiscard]] std::int64_t load(const std::byte* p) const;
    void store(std::int64_t value, std::byte* out) const;
    [[nodiscard]] std::int64_t parseDate(std::string_view text) const;

    Unit unit_;
    bool duration_;
    bool swapped_;
};

} // namespace arraylens
