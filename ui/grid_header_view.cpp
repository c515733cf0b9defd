// SPDX-License-Identifier: MIT
#include "ui/grid_header_view.h"

#include <QFontMetricsF>
#include <QStyle>
#include <QStyleOptionHeader>
#include <QtMath>

#include <algorithm>

namespace {

// Labels remembered: many screenfuls of row numbers.
constexpr qsizetype kMaxRememberedLabels = 1 << 12;

} // namespace

void GridHeaderView::checkLook() const
{
    if (font() == measuredFont_ && style() == measuredStyle_)
        return;
    sectionSizes_.clear();
    labelWidths_.clear();
    measuredFont_ = font();
    measuredStyle_ = style();
}

QSize GridHeaderView::sectionSizeFromContents(int logicalIndex) const
{
    // The grid's model gives its labels no font, icon or decoration of
    // their own: the text alone decides the size.
    const QString label = model() ? model()->headerData(logicalIndex, orientation()).toString() : QString();
    checkLook();
    if (const auto known = sectionSizes_.constFind(label); known != sectionSizes_.constEnd())
        return *known;
    if (sectionSizes_.size() >= kMaxRememberedLabels)
        sectionSizes_.clear();
    return *sectionSizes_.insert(label, QHeaderView::sectionSizeFromContents(logicalIndex));
}

int GridHeaderView::labelWidth(const QString& label) const
{
    checkLook();
    if (const auto known = labelWidths_.constFind(label); known != labelWidths_.constEnd())
        return *known;
    if (labelWidths_.size() >= kMaxRememberedLabels)
        labelWidths_.clear();
    // The label of a highlighted section is painted bold (QCommonStyle's
    // CE_HeaderLabel): measured bold, as QHeaderView measures its own hint.
    QFont bold = font();
    bold.setBold(true);
    QStyleOptionHeader option;
    option.initFrom(this);
    option.orientation = orientation();
    option.textAlignment = defaultAlignment();
    option.fontMetrics = QFontMetrics(bold);
    option.text = label;
    const int hint = style()->sizeFromContents(QStyle::CT_HeaderSection, &option, QSize(), this).width();
    // The style's hint takes the text's width rounded to whole pixels, but
    // the label is elided when its exact width does not fit between the margins.
    const int margin = style()->pixelMetric(QStyle::PM_HeaderMargin, &option, this);
    const int exact = qCeil(QFontMetricsF(bold).horizontalAdvance(label)) + 2 * margin;
    return *labelWidths_.insert(label, std::max(hint, exact));
}
