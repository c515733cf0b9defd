// SPDX-License-Identifier: MIT
#pragma once

#include <QFont>
#include <QHash>
#include <QHeaderView>
#include <QSize>
#include <QString>

/// A header of ArrayGridView's table that remembers how large each label
/// needs its section to be. QTableView asks its headers for their size
/// hint whenever it lays itself out, and the grid's headers change their
/// labels with every scroll; QHeaderView measures each label through the
/// style (a text layout each), a tenth of a 2-D frame. A label's size
/// depends only on its text, the header's font and style: it is measured
/// once, by QHeaderView, and kept.
class GridHeaderView : public QHeaderView {
    Q_OBJECT
public:
    using QHeaderView::QHeaderView;

    /// The width a section needs to show `label` whole, also when it is
    /// highlighted (its label is then painted bold): the style's hint, or
    /// the label's exact width between the margins where that is wider.
    [[nodiscard]] int labelWidth(const QString& label) const;

protected:
    QSize sectionSizeFromContents(int logicalIndex) const override;

private:
    /// Forgets what was measured in another font or style.
    void checkLook() const;

    /// By label text; bounded (cleared when large).
    mutable QHash<QString, QSize> sectionSizes_;
    mutable QHash<QString, int> labelWidths_;
    mutable QFont measuredFont_;
    mutable const QStyle* measuredStyle_ = nullptr;
};
