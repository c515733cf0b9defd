// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "ui/shaped_text_cache.h"

#include <QPixmap>
#include <QStyledItemDelegate>

#include <memory>

/// Paints the cells of an ArrayTableModel in a few drawing calls each
/// (DESIGN.md decision 13: a frame in under 8 ms): the background (the
/// selection, a masked cell's grey), a bool's check box from a pixmap the
/// style drew once, the text from glyphs shaped once (ShapedTextCache), and
/// the focus frame of the current cell. QStyledItemDelegate lays every
/// cell's text out twice per paint (size and elision, then drawing), which
/// took about 80 % of a 2-D frame. Editing stays QStyledItemDelegate's.
class CellDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
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
};
