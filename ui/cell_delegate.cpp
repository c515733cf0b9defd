// SPDX-License-Identifier: MIT
#include "ui/cell_delegate.h"

#include "ui/array_table_model.h"

#include <QPainter>
#include <QStyle>
#include <QStyleOptionFocusRect>
#include <QWidget>
#include <QtMath>

namespace {

QPixmap drawnIndicator(const QWidget* widget, const QStyleOptionViewItem& layout, const QRect& rect, bool checked)
{
    const qreal ratio = widget->devicePixelRatioF();
    QPixmap pixmap(rect.size() * ratio);
    pixmap.setDevicePixelRatio(ratio);
    pixmap.fill(Qt::transparent);
    QStyleOptionViewItem option = layout;
    option.rect = QRect(QPoint(0, 0), rect.size());
    option.state &= ~(QStyle::State_On | QStyle::State_Off);
    option.state |= checked ? QStyle::State_On : QStyle::State_Off;
    QPainter painter(&pixmap);
    widget->style()->drawPrimitive(QStyle::PE_IndicatorItemViewItemCheck, &option, &painter, widget);
    return pixmap;
}

} // namespace

CellDelegate::Look& CellDelegate::lookFor(const QWidget* widget) const
{
    if (look_.text && look_.font == widget->font() && look_.style == widget->style())
        return look_;
    look_.font = widget->font();
    look_.style = widget->style();
    look_.text = std::make_unique<ShapedTextCache>(look_.font);
    // QCommonStyle draws item text inside SE_ItemViewItemText, inset by the
    // focus frame's margin + 1 on both sides (viewItemDrawText).
    look_.textMargin = look_.style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    // Where the style puts a check box in a cell, asked once for a cell of
    // the table's row height: the box's rectangle, and where the text starts.
    QStyleOptionViewItem option;
    option.initFrom(widget);
    option.widget = widget;
    option.font = look_.font;
    option.fontMetrics = QFontMetrics(look_.font);
    option.features = QStyleOptionViewItem::HasDisplay | QStyleOptionViewItem::HasCheckIndicator;
    option.text = QStringLiteral("0");
    option.rect = QRect(0, 0, 400, 200);
    option.checkState = Qt::Checked;
    look_.checkRect = look_.style->subElementRect(QStyle::SE_ItemViewItemCheckIndicator, &option, widget);
    look_.checkRect.moveTop(look_.checkRect.top() - option.rect.height() / 2); // relative to the cell's middle
    look_.checkWidth = look_.style->subElementRect(QStyle::SE_ItemViewItemText, &option, widget).left();
    look_.checked = drawnIndicator(widget, option, look_.checkRect, true);
    look_.unchecked = drawnIndicator(widget, option, look_.checkRect, false);
    return look_;
}

int CellDelegate::cellWidth(const QWidget* widget, const QString& text, bool checkBox) const
{
    Look& look = lookFor(widget);
    return qCeil(look.text->width(text)) + 2 * look.textMargin + (checkBox ? look.checkWidth : 0);
}

void CellDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    const auto* model = static_cast<const ArrayTableModel*>(index.model());
    const FrameCell cell{option.rect, &model->shownCell(index.row(), index.column()),
                         (option.state & QStyle::State_Selected) != 0};
    paintCells(*painter, option, *model, {&cell, 1}, (option.state & QStyle::State_HasFocus) ? &cell : nullptr);
}

void CellDelegate::paintCells(QPainter& painter, const QStyleOptionViewItem& frame, const ArrayTableModel& model,
                              std::span<const FrameCell> cells, const FrameCell* focus) const
{
    Look& look = lookFor(frame.widget);
    const QPalette::ColorGroup group = !(frame.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (frame.state & QStyle::State_Active) ? QPalette::Normal
                                                                              : QPalette::Inactive;
    const QBrush& highlight = frame.palette.brush(group, QPalette::Highlight);
    const QRgb highlightedText = frame.palette.color(group, QPalette::HighlightedText).rgba();
    const QRgb plainText = frame.palette.color(group, QPalette::Text).rgba();
    for (auto& [color, batch] : batches_)
        batch.clear();
    const auto batchFor = [this](QRgb color) -> ShapedTextCache::GlyphBatch& {
        for (auto& [batchColor, batch] : batches_)
            if (batchColor == color)
                return batch;
        return batches_.emplace_back(color, ShapedTextCache::GlyphBatch()).second;
    };
    const qreal lineHeight = look.text->lineHeight();

    for (const FrameCell& frameCell : cells) {
        const ArrayTableModel::ShownCell& cell = *frameCell.shown;
        const QRect& rect = frameCell.rect;
        QRgb textColor = frameCell.selected ? highlightedText : plainText;
        if (frameCell.selected) {
            painter.fillRect(rect, highlight);
        } else if (const std::optional<QRgb> heat = model.heatColor(cell)) {
            painter.fillRect(rect, QColor::fromRgb(*heat));
            // Dark text on light colours, light on dark (ITU-R BT.601 luma).
            const int luma = (299 * qRed(*heat) + 587 * qGreen(*heat) + 114 * qBlue(*heat)) / 1000;
            textColor = luma >= 128 ? qRgb(0, 0, 0) : qRgb(255, 255, 255);
        } else if (cell.background.style() != Qt::NoBrush) {
            painter.fillRect(rect, cell.background);
        }

        int left = rect.left() + look.textMargin;
        const int right = rect.right() + 1 - look.textMargin;
        if (cell.check != ArrayTableModel::ShownCell::Check::None) {
            const QRect box = look.checkRect.translated(rect.left(), rect.top() + rect.height() / 2);
            painter.drawPixmap(box.topLeft(),
                               cell.check == ArrayTableModel::ShownCell::Check::Checked ? look.checked : look.unchecked);
            left = rect.left() + look.checkWidth + look.textMargin;
        }
        if (cell.text.isEmpty())
            continue;
        const qreal width = look.text->width(cell.text);
        const qreal room = right - left;
        const qreal top = rect.top() + (rect.height() - lineHeight) / 2;
        if (width <= room) {
            const QPointF at(cell.alignLeft ? left : right - width, top);
            if (look.text->append(batchFor(textColor), at, cell.text))
                continue;
            painter.setPen(QColor::fromRgba(textColor));
            look.text->draw(painter, at, cell.text);
        } else {
            // Wider than the column (which is at most the viewport): cut, as
            // QStyledItemDelegate does, with an ellipsis at the end.
            painter.setPen(QColor::fromRgba(textColor));
            const QString elided = QFontMetrics(look.font).elidedText(cell.text, Qt::ElideRight, right - left);
            look.text->draw(painter, QPointF(left, top), elided);
        }
    }
    for (const auto& [color, batch] : batches_) {
        if (batch.glyphs.empty())
            continue;
        painter.setPen(QColor::fromRgba(color));
        look.text->draw(painter, batch);
    }

    if (focus) {
        QStyleOptionFocusRect option;
        option.QStyleOption::operator=(frame);
        option.rect = focus->rect;
        option.state |= QStyle::State_KeyboardFocusChange | QStyle::State_HasFocus;
        if (focus->selected)
            option.state |= QStyle::State_Selected;
        option.backgroundColor = frame.palette.color(group, focus->selected ? QPalette::Highlight : QPalette::Window);
        look.style->drawPrimitive(QStyle::PE_FrameFocusRect, &option, &painter, frame.widget);
    }
}
