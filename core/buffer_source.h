// SPDX-License-Identifier: MIT
#pragma once

#include "core/array_source.h"

#include <memory>

namespace arraylens {

/// The source over one exported buffer: a StridedView, read in place.
/// Every range is a tile at once (the whole view, zero-copy), so reading
/// through this seam costs what reading the view costs.
class BufferSource final : public ArraySource {
public:
    explicit BufferSource(StridedView view);

    [[nodiscard]] std::int64_t rows() const override { return view_->rows(); }
    [[nodiscard]] std::int64_t cols() const override { return view_->cols(); }
    [[nodiscard]] const ElementType& columnType(std::int64_t c) const override { return view_->columnType(c); }
    [[nodiscard]] std::string columnHeader(std::int64_t c) const override { return view_->columnHeader(c); }
    [[nodiscard]] std::string rowLabel(std::int64_t r) const override { return std::to_string(view_->rowLabel(r)); }
    [[nodiscard]] std::string origin() const override;
    [[nodiscard]] bool isLazy() const override { return false; }
    [[nodiscard]] bool isReadOnly() const override { return view_->isReadOnly(); }
    [[nodiscard]] std::string readOnlyReason() const override;

    [[nodiscard]] const StridedView& geometry() const override { return *view_; }
    [[nodiscard]] bool hasMask() const override { return view_->hasMask(); }
    [[nodiscard]] std::string maskReadOnlyReason() const override;
    void writeMask(std::int64_t r, std::int64_t c, bool masked) override;

    [[nodiscard]] std::optional<Tile> tryTile(const CellRange& range) const override;
    [[nodiscard]] Tile tile(const CellRange& range) override;
    void write(std::int64_t r, std::int64_t c, std::span<const std::byte> bytes) override;

    [[nodiscard]] const StridedView& view() const { return *view_; }

private:
    std::shared_ptr<const StridedView> view_;
};

} // namespace arraylens
