// SPDX-License-Identifier: MIT
#pragma once

#include "core/array_data.h"

#include <memory>

namespace arraylens {

/// An exported buffer as ArrayData: every slice is a BufferSource, read in
/// place (zero-copy).
class BufferData final : public ArrayData {
public:
    explicit BufferData(std::shared_ptr<PyBuffer> buffer);

    [[nodiscard]] const std::vector<std::int64_t>& shape() const override;
    [[nodiscard]] const ElementType& elementType() const override;
    [[nodiscard]] std::string origin() const override;
    [[nodiscard]] bool isLazy() const override { return false; }
    [[nodiscard]] std::string readOnlyReason() const override;
    [[nodiscard]] std::shared_ptr<PyBuffer> buffer() const override { return buffer_; }
    [[nodiscard]] std::shared_ptr<ArraySource> makeSource(const SliceSpec& slice, bool transposed,
                                                          const std::string& field) const override;

private:
    std::shared_ptr<PyBuffer> buffer_;
};

} // namespace arraylens
