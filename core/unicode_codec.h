// SPDX-License-Identifier: MIT
#pragma once

#include "core/element_codec.h"

#include <cstddef>

namespace arraylens {

/// NumPy's U dtype (PEP 3118 "Nw"): `length` UCS-4 code points in the
/// element's byte order, shown and parsed as UTF-8 text. Trailing NULs are
/// dropped, as NumPy drops them; text longer than the field is refused,
/// shorter text is padded with NULs.
class UnicodeCodec final : public ElementCodec {
public:
    UnicodeCodec(std::size_t length, bool swapped) : length_(length), swapped_(swapped) {}

    void format(const std::byte* p, TextSink& out, const DisplayOptions& options) const override;
    void parse(std::string_view text, std::byte* out) const override;
    [[nodiscard]] bool mayNeedQuotes(char delimiter) const override;

private:
    [[nodiscard]] char32_t codePoint(const std::byte* p, std::size_t i) const;

    std::size_t length_;
    bool swapped_;
};

} // namespace arraylens
