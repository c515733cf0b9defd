// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "ui/array_table_model.h"
#include "ui/shaped_text_cache.h"

#include <QPixmap>
#include <QStyledItemDelegate>

#include <memory>
#include <span>
#include <utility>
#include <vector>

/// Paints the cells of an ArrayTableModel in a few drawing calls each
/// (DESIGN.md decision 13: a frame in under 8 ms): the background (the
/// selection, a masked cell's grey), a bool's check box from a pixmap the
/// style drew once, the text from glyphs shaped once (ShapedTextCache), and
/// the focus frame of the current cell. QStyledItemDelegate lays every
/// cell's text out twice per paint (size and elision, then drawing), which
/// took about 80 % of a 2-D frame. Editing stays QStyledItemDelegate's.
///
/// GridTableView hands over a whole frame at once (paintCells): then the
/// text of all its cells goes out in one glyph run per colour.
class CellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    /// A cell of a frame: where, what, and whether it is selected.
    struct FrameCell {
        QRect rect;
        const ArrayTableModel::ShownCell* shown = nullptr;
        bool selected = false;
    };
    /// Paints `cells` of `model` as paint() paints each, in one pass: the
    /// backgrounds and check boxes, then the text of all of them (one
    /// drawing call per text colour), then the focus frame around `focus`
    /// (one of `cells`, or null). `frame` holds what the cells share: the
    /// widget, its palette, font and state (enabled, active).
    void paintCells(QPainter& painter, const QStyleOptionViewItem& frame, const ArrayTableModel& model,
                    std::span<const FrameCell> cells, const FrameCell* focus) const;
    /// The width a cell needs to show `text` whole in `widget` (the table):
    /// the text's advance, the style's margins, a check box for a bool.
    [[nodiscard]] int cellWidth(const QWidget* widget, const QString& text, bool checkBox) const;

private:
    /// What depends only on the table's font and style, made on first use
    /// and again when they change.
    struct Look {
        QFont font;
        const QStyle* style = nullptr;
        std::unique_ptr<ShapedTextCache> text;
        int textMargin = 0;  ///< left and right of the text, as the style places it
        int checkWidth = 0;  ///< from the cell's left edge to where the text of a bool starts
        QRect checkRect;     ///< the check box, from the cell's left edge and vertical middle
        QPixmap checked;     ///< the style's check box indicators, drawn once
        QPixmap unchecked;
    };
    Look& lookFor(const QWidget* widget) const;

    mutable Look look_;
    /// paintCells()'s text, by colour (reused from frame to frame).
    mutable std::vector<std::pair<QRgb, ShapedTextCache::GlyphBatch>> batches_;
};
