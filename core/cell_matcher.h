// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>

namespace arraylens {

/// A FindCondition read in one element type (ElementCodec::matcher): tests
/// runs of elements in place, with no GIL, on any thread. Masks are the
/// caller's business: a matcher sees only the elements' bytes.
class CellMatcher {
public:
    virtual ~CellMatcher() = default;

    /// The index of the first of the `count` elements at p, p + stride, …
    /// (the last, when `backward`) that matches; -1 when none does. Strides
    /// are in bytes, may be negative or zero and need not keep elements aligned.
    [[nodiscard]] virtual std::int64_t find(const std::byte* p, std::int64_t stride, std::int64_t count,
                                            bool backward) const = 0;
};

} // namespace arraylens
