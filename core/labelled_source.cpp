// SPDX-License-Identifier: MIT
#include "core/labelled_source.h"

#include "core/labelled_data.h"

namespace arraylens {

LabelledSource::LabelledSource(std::shared_ptr<ArraySource> values, std::shared_ptr<const LabelledData> labels)
    : values_(std::move(values)), labels_(std::move(labels))
{
}

std::string LabelledSource::columnHeader(std::int64_t c) const
{
    const StridedView& view = geometry();
    // A Series shows as one column: its name.
    if (view.colAxis() < 0)
        return labels_->label(1, 0);
    return labels_->label(view.colAxis(), view.colLabel(c));
}

std::string LabelledSource::rowLabel(std::int64_t r) const
{
    const StridedView& view = geometry();
    if (view.rowAxis() < 0)
        return values_->rowLabel(r);
    return labels_->label(view.rowAxis(), view.rowLabel(r));
}

std::string LabelledSource::origin() const
{
    return labels_->origin();
}

} // namespace arraylens
