// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace arraylens {

/// The least and greatest finite value seen: a colour scale's range, which
/// leaves NaN and ±inf to colours of their own.
class FiniteRange {
public:
    void add(double value)
    {
        if (!std::isfinite(value))
            return;
        if (!range_) {
            range_.emplace(value, value);
            return;
        }
        range_->first = std::min(range_->first, value);
        range_->second = std::max(range_->second, value);
    }
    /// (least, greatest); nothing when no finite value was seen.
    [[nodiscard]] const std::optional<std::pair<double, double>>& range() const { return range_; }

private:
    std::optional<std::pair<double, double>> range_;
};

} // namespace arraylens
