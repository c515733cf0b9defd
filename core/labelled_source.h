// SPDX-License-Identifier: MIT
#pragma once

#include "core/array_source.h"

#include <memory>

namespace arraylens {

class LabelledData;

/// A slice of LabelledData: its buffer's source, with the table's labels
/// for headers and row labels. Everything else is the buffer source's.
class LabelledSource final : public ArraySource {
public:
    LabelledSource(std::shared_ptr<ArraySource> values, std::shared_ptr<const LabelledData> labels);

    [[nodiscard]] std::int64_t rows() const override { return values_->rows(); }
    [[nodiscard]] std::int64_t cols() const override { return values_->cols(); }
    [[nodiscard]] const ElementType& columnType(std::int64_t c) const override { return values_->columnType(c); }
    [[nodiscard]] std::string columnHeader(std::int64_t c) const override;
    [[nodiscard]] std::string rowLabel(std::int64_t r) const override;
    [[nodiscard]] std::string origin() const override;
    [[nodiscard]] bool isLazy() const override { return false; }
    [[nodiscard]] bool isReadOnly() const override { return values_->isReadOnly(); }
    [[nodiscard]] std::string readOnlyReason() const override { return values_->readOnlyReason(); }
    [[nodiscard]] const StridedView& geometry() const override { return values_->geometry(); }
    [[nodiscard]] std::optional<Tile> tryTile(const CellRange& range) const override { return values_->tryTile(range); }
    [[nodiscard]] Tile tile(const CellRange& range) override { return values_->tile(range); }
    void write(std::int64_t r, std::int64_t c, std::span<const std::byte> bytes) override
    {
        values_->write(r, c, bytes);
    }

private:
    std::shared_ptr<ArraySource> values_;
    std::shared_ptr<const LabelledData> labels_;
};

} // namespace arraylens
