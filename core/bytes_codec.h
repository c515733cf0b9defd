// SPDX-License-Identifier: MIT
#pragma once

#include "core/element_codec.h"

#include <cstddef>

namespace arraylens {

/// NumPy's S dtype (PEP 3118 "Ns"): a field of `size` bytes. Text shows
/// printable ASCII as is, a backslash as \\ and every other byte as \xNN;
/// trailing NULs are dropped, as NumPy drops them. Parsing reads the same
/// escapes and pads with NULs; text longer than the field is refused.
class BytesCodec final : public ElementCodec {
public:
    explicit BytesCodec(std::size_t size) : size_(size) {}

    void format(const std::byte* p, TextSink& out, const DisplayOptions& options) const override;
    void parse(std::string_view text, std::byte* out) const override;
    [[nodiscard]] bool mayNeedQuotes(char delimiter) const override;

private:
    std::size_t size_;
};

} // namespace arraylens
