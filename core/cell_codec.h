// SPDX-License-Identifier: MIT
#pragma once

// Cell text in one call: the element type's own codec (element_codec.h)
// behind a small facade for callers that want a std::string or a byte
// vector rather than a TextSink.

#include "core/element_codec.h"
#include "core/element_type.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace arraylens {

/// The bytes of one element, in the element's own byte order, ready to store.
using ElementBytes = std::vector<std::byte>;

class CellCodec {
public:
    /// The text of the element at p. Throws FormatError for a record (its
    /// fields have the text, one column each).
    [[nodiscard]] static std::string format(const std::byte* p, const ElementType& type,
                                            const DisplayOptions& options = {});
    /// Appends the text of the element at p to out.
    static void appendTo(std::string& out, const std::byte* p, const ElementType& type,
                         const DisplayOptions& options = {});
    /// Parses text into the element's bytes. Throws CellTextError saying why
    /// ("'300' is out of range for int8 (-128 to 127)").
    [[nodiscard]] static ElementBytes parse(std::string_view text, const ElementType& type);
    /// Stores parsed bytes at p. Only the element's own bytes are touched.
    static void store(std::byte* p, const ElementBytes& bytes);
    /// The element's current bytes (for undo).
    [[nodiscard]] static ElementBytes load(const std::byte* p, const ElementType& type);
};

} // namespace arraylens
