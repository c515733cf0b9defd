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
    const ArrayTableModel::ShownCell& cell = model->shownCell(index.row(), index.column());
    Look& look = lookFor(option.widget);
    const QRect& rect = option.rect;
    const bool selected = option.state & QStyle::State_Selected;
    const QPalette::ColorGroup group = !(option.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (option.state & QStyle::State_Active) ? QPalette::Normal
                                                                               : QPalette::Inactive;
    QColor textColor = option.palette.color(group, selected ? QPalette::HighlightedText : QPalette::Text);
    if (selected) {
        painter->fillRect(rect, option.palette.brush(group, QPalette::Highlight));
    } else if (const std::optional<QRgb> heat = model->heatColor(cell)) {
        painter->fillRect(rect, QColor::fromRgb(*heat));
        // Dark text on light colours, light on dark (ITU-R BT.601 luma).
        const int luma = (299 * qRed(*heat) + 587 * qGreen(*heat) + 114 * qBlue(*heat)) / 1000;
        textColor = luma >= 128 ? Qt::black : Qt::white;
    } else if (cell.background.style() != Qt::NoBrush) {
        painter->fillRect(rect, cell.background);
    }

    int left = rect.left() + look.textMargin;
    const int right = rect.right() + 1 - look.textMargin;
    if (cell.check != ArrayTableModel::ShownCell::Check::None) {
        const QRect box = look.checkRect.translated(rect.left(), rect.top() + rect.height() / 2);
        painter->drawPixmap(box.topLeft(),
                            cell.check == ArrayTableModel::ShownCell::Check::Checked ? look.checked : look.unchecked);
        left = rect.left() + look.checkWidth + look.textMargin;
    }

    if (!cell.text.isEmpty()) {
        painter->setPen(textColor);
        const qreal width = look.text->width(cell.text);
        const qreal room = right - left;
        const qreal top = rect.top() + (rect.height() - look.text->lineHeight()) / 2;
        if (width <= room) {
            const qreal x = cell.alignLeft ? left : right - width;
            look.text->draw(*painter, QPointF(x, top), cell.text);
        } else {
            // Wider than the column (which is at most the viewport): cut, as
            // QStyledItemDelegate does, with an ellipsis at the end.
            const QString elided = QFontMetrics(look.font).elidedText(cell.text, Qt::ElideRight, right - left);
            look.text->draw(*painter, QPointF(left, top), elided);
        }
    }

    if (option.state & QStyle::State_HasFocus) {
        QStyleOptionFocusRect focus;
        focus.QStyleOption::operator=(option);
        focus.rect = rect;
        focus.state |= QStyle::State_KeyboardFocusChange;
        focus.backgroundColor = option.palette.color(group, selected ? QPalette::Highlight : QPalette::Window);
        look.style->drawPrimitive(QStyle::PE_FrameFocusRect, &focus, painter, option.widget);
    }
}
