// SPDX-License-Identifier: MIT
#pragma once

#include "core/array_data.h"

#include <memory>
#include <string>
#include <vector>

namespace arraylens {

/// A buffer with names for its rows and columns: a pandas DataFrame whose
/// columns are one block of one number type (or a Series of one), read and
/// edited in its own memory, zero-copy, with the column names as headers and
/// the index labels as row labels. Slices, transposes included, keep each
/// axis's labels.
class LabelledData final : public ArrayData, public std::enable_shared_from_this<LabelledData> {
public:
    /// `columnNames`: one per index of axis 1 (one for a 1-D Series, whose
    /// one column it names); `rowLabels`: one per index of axis 0, or none
    /// for the positions.
    LabelledData(std::shared_ptr<ArrayData> values, std::string origin, std::vector<std::string> columnNames,
                 std::vector<std::string> rowLabels);

    /// A DataFrame or Series that holds its values in one block, as
    /// LabelledData; null for anything else. GIL required.
    [[nodiscard]] static std::shared_ptr<LabelledData> fromTable(PyHandle obj);

    [[nodiscard]] const std::vector<std::int64_t>& shape() const override { return values_->shape(); }
    [[nodiscard]] const ElementType& elementType() const override { return values_->elementType(); }
    [[nodiscard]] std::string origin() const override { return origin_; }
    [[nodiscard]] bool isLazy() const override { return false; }
    [[nodiscard]] std::string readOnlyReason() const override { return values_->readOnlyReason(); }
    [[nodiscard]] std::shared_ptr<PyBuffer> buffer() const override { return values_->buffer(); }
    [[nodiscard]] std::shared_ptr<ArraySource> makeSource(const SliceSpec& slice, bool transposed,
                                                          const std::string& field) const override;

    /// Index `index` of axis `axis` as its label: a row's index label (axis
    /// 0), a column's name (axis 1; index 0 names a Series).
    [[nodiscard]] std::string label(int axis, std::int64_t index) const;

private:
    std::shared_ptr<ArrayData> values_;
    std::string origin_;
    std::vector<std::string> columnNames_;
    std::vector<std::string> rowLabels_;
};

} // namespace arraylens
