// SPDX-License-Identifier: MIT
#include "ui/array_grid_view.h"

#include "ui/array_document.h"
#include "ui/array_table_model.h"
#include "ui/cell_delegate.h"
#include "ui/grid_scroll_bar.h"
#include "ui/grid_table_view.h"
#include "ui/color_scale_model.h"

#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QGridLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QScopedValueRollback>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QStyle>
#include <QStyleOptionViewItem>
#include <QTableView>
#include <QWheelEvent>
#include <QtMath>

#include <algorithm>

using namespace arraylens;

namespace {

// A QScrollBar holds an int. Up to this many positions one position is one
// row (column); beyond, one position covers several and the mapping scales.
// Well below INT_MAX so that QAbstractSlider's value + pageStep cannot overflow.
constexpr std::int64_t kBarPositions = std::int64_t{1} << 30;

int toBar(std::int64_t value, std::int64_t maximum)
{
    if (maximum <= kBarPositions)
        return static_cast<int>(value);
    return static_cast<int>(static_cast<long double>(value) / static_cast<long double>(maximum) * kBarPositions);
}

std::int64_t fromBar(int position, std::int64_t maximum)
{
    if (maximum <= kBarPositions)
        return position;
    return static_cast<std::int64_t>(static_cast<long double>(position) / kBarPositions *
                                     static_cast<long double>(maximum));
}

int barPageStep(int page, std::int64_t maximum)
{
    return maximum <= kBarPositions ? page : std::max(1, toBar(page, maximum));
}

// Fitted widths are remembered per view column; past this many the memory is
// dropped (they are refitted on the next screen) so it never grows with the view.
constexpr std::size_t kMaxRememberedWidths = 1 << 16;

bool isNavigationKey(int key)
{
    switch (key) {
    case Qt::Key_Up:
    case Qt::Key_Down:
    case Qt::Key_Left:
    case Qt::Key_Right:
    case Qt::Key_Home:
    case Qt::Key_End:
    case Qt::Key_PageUp:
    case Qt::Key_PageDown:
        return true;
    default:
        return false;
    }
}

} // namespace

ArrayGridView::ArrayGridView(ArrayDocument* document, QWidget* parent)
    : QWidget(parent)
    , document_(document)
    , model_(new ArrayTableModel(document, this))
    , table_(new GridTableView(this))
    , delegate_(new CellDelegate(table_))
    , verticalBar_(new GridScrollBar(Qt::Vertical, this))
    , horizontalBar_(new GridScrollBar(Qt::Horizontal, this))
{
    // Numbers line up in columns only in a monospaced font; the table and
    // its headers inherit it.
    setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    auto* layout = new QGridLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(table_, 0, 0);
    layout->addWidget(verticalBar_, 0, 1);
    layout->addWidget(horizontalBar_, 1, 0);
    setFocusProxy(table_);

    table_->setModel(model_);
    table_->setItemDelegate(delegate_);
    // The table only ever shows its window from the top-left corner: the
    // grid's bars scroll the origin instead, so the table must not scroll
    // itself (autoScroll would follow the current index, the hidden bars the wheel).
    table_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table_->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    table_->setVerticalScrollMode(QAbstractItemView::ScrollPerItem);
    table_->setHorizontalScrollMode(QAbstractItemView::ScrollPerItem);
    table_->setAutoScroll(false);
    // Selection is the grid's (view coordinates); Qt's would anchor to window
    // indices that mean other cells once the origin moves. The grid paints
    // through the selection model, which Qt draws whatever the mode.
    table_->setSelectionMode(QAbstractItemView::NoSelection);
    // No SelectedClicked: the grid selects on press, before Qt sees the click.
    table_->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                            QAbstractItemView::AnyKeyPressed);
    table_->setCornerButtonEnabled(false);
    table_->setWordWrap(false);

    const QFontMetrics metrics(font());
    // No column is narrower than an empty cell or than the narrowest label
    // (one digit): the window needs this many columns at most to fill the viewport.
    int narrowestLabel = labelWidth(QStringLiteral("0"));
    for (char digit = '1'; digit <= '9'; ++digit)
        narrowestLabel = std::min(narrowestLabel, labelWidth(QString(QLatin1Char(digit))));
    airWidth_ = qCeil(QFontMetricsF(font()).horizontalAdvance(QLatin1Char('0')));
    minColumnWidth_ = std::max(narrowestLabel, cellWidth(QString(), document_->isBool()));

    QHeaderView* rowHeader = table_->verticalHeader();
    QHeaderView* columnHeader = table_->horizontalHeader();
    int rowHeight = metrics.height() + 6;
    if (document_->isBool())
        rowHeight = std::max(rowHeight, table_->style()->pixelMetric(QStyle::PM_IndicatorHeight, nullptr, table_) + 4);
    rowHeader->setMinimumSectionSize(std::min(rowHeader->minimumSectionSize(), rowHeight));
    rowHeader->setDefaultSectionSize(rowHeight);
    rowHeader->setSectionResizeMode(QHeaderView::Fixed);
    columnHeader->setMinimumSectionSize(minColumnWidth_);
    columnHeader->setDefaultSectionSize(minColumnWidth_);
    columnHeader->setSectionResizeMode(QHeaderView::Fixed);

    // A press on a header selects whole rows (columns) of the VIEW. The grid
    // takes header presses itself: QTableView's handlers select window rows,
    // and a fixed-size header ignores presses near section edges.
    rowHeader->viewport()->installEventFilter(this);
    columnHeader->viewport()->installEventFilter(this);
    columnHeader->viewport()->setMouseTracking(true); // the resize cursor over column edges
    table_->installEventFilter(this);
    table_->viewport()->installEventFilter(this);
    connect(table_->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { onQtCurrentChanged(current); });
    connect(model_, &QAbstractItemModel::modelReset, this, &ArrayGridView::onModelReset);
    handWidthsGeneration_ = document_->viewGeneration();
    // New values may be longer: widths fitted before are refitted on screen.
    connect(document_, &ArrayDocument::cellsChanged, this, [this] {
        ++widthGeneration_;
        fitColumns();
        updateWindowRange();
    });
    connect(verticalBar_, &QScrollBar::valueChanged, this,
            [this](int position) { scrollTo(fromBar(position, maxTopRow()), model_->originColumn()); });
    connect(horizontalBar_, &QScrollBar::valueChanged, this, [this](int position) {
        scrollTo(model_->originRow(), fromBar(position, maxLeftColumn(model_->originRow())));
    });

    // Another view of the document (an image, a plot) may move the cursor.
    connect(document_, &ArrayDocument::selectionChanged, this, &ArrayGridView::syncQtSelection);
    updateWindowSize();
}

// ---- geometry --------------------------------------------------------------

QTableView* ArrayGridView::tableView() const
{
    return table_;
}

int ArrayGridView::viewportWidth() const
{
    return table_->viewport()->width();
}

void ArrayGridView::updateWindowSize()
{
    // A cursor on screen stays there (a narrower or shorter viewport would
    // otherwise leave it beyond the edge).
    const CellSelection& cells = document_->selection();
    const bool cursorShown = model_->indexOfCell(cells.cursorRow(), cells.cursorColumn()).isValid();
    fullRows_ = std::max(1, table_->viewport()->height() / table_->verticalHeader()->defaultSectionSize());
    // Enough columns for the narrowest possible ones to fill the viewport;
    // only those that fit are fitted and painted.
    const int columns = viewportWidth() / minColumnWidth_ + 2;
    {
        const QScopedValueRollback guard(syncing_, true);
        model_->setWindowSize(fullRows_ + 1, columns); // + the partly visible row
    }
    if (cursorShown)
        ensureVisible(cells.cursorRow(), cells.cursorColumn(), model_->originRow(), model_->originColumn());
    else
        scrollTo(model_->originRow(), model_->originColumn());
}

std::int64_t ArrayGridView::maxTopRow() const
{
    return std::max<std::int64_t>(document_->view().rows() - fullRows_, 0);
}

std::int64_t ArrayGridView::maxLeftColumn(std::int64_t top)
{
    // Widths already fitted are taken as they are: refitting the last
    // columns on every scroll would read a second screenful of cells (in a
    // 2-D memmap, other pages). Showing the last column refits them.
    const std::int64_t columns = document_->view().cols();
    return columns > 0 ? leftmostShowing(columns - 1, top, false) : 0;
}

int ArrayGridView::cellWidth(const QString& text, bool checkBox) const
{
    // What CellDelegate needs to paint the text whole; QTableView paints a
    // cell one pixel narrower than its section when it draws the grid. The
    // air keeps right-aligned numbers of neighbouring columns apart.
    const int gridLine = table_->showGrid() ? 1 : 0;
    return delegate_->cellWidth(table_, text, checkBox) + gridLine + airWidth_;
}

int ArrayGridView::labelWidth(const QString& label) const
{
    return table_->columnHeader()->labelWidth(label);
}

int ArrayGridView::measureColumn(std::int64_t column, std::int64_t top)
{
    const std::int64_t end = std::min(document_->view().rows(), top + fullRows_ + 1);
    const bool checkBox = document_->isBool(column);
    // The rows on screen are measured from the text the model keeps for
    // painting them (formatted once); other rows (a screenful the grid is
    // about to show, the last columns when sizing the scroll bar) from cells
    // already read: they are not read for it.
    const bool onScreen = top == model_->originRow() && column >= model_->originColumn() &&
                          column < model_->originColumn() + model_->columnCount();
    int width = 0;
    for (std::int64_t row = top; row < end; ++row) {
        if (onScreen && row - top < model_->rowCount())
            width = std::max(width, cellWidth(model_->shownCell(static_cast<int>(row - top),
                                                                static_cast<int>(column - model_->originColumn()))
                                                  .text,
                                              checkBox));
        else
            width = std::max(width, cellWidth(document_->displayTextIfRead(row, column), checkBox));
    }
    return std::max(width, labelWidth(QString::fromStdString(document_->view().columnHeader(column))));
}

int ArrayGridView::columnWidth(std::int64_t column, std::int64_t top, bool refit)
{
    if (const auto byHand = handWidths_.find(column); byHand != handWidths_.end())
        return std::min(byHand->second, std::max(viewportWidth(), minColumnWidth_));
    if (columnWidths_.size() >= kMaxRememberedWidths)
        columnWidths_.clear();
    FittedWidth& fitted = columnWidths_[column];
    const bool stale = fitted.top != top || fitted.rows != fullRows_ || fitted.generation != widthGeneration_;
    if (fitted.width == 0 || (refit && stale)) {
        // Exactly the rows on screen: narrower again once wide values scroll away.
        fitted.width = measureColumn(column, top);
        fitted.top = top;
        fitted.rows = fullRows_;
        fitted.generation = widthGeneration_;
    }
    // Text wider than the viewport is cut by it whatever the width: no
    // column is wider, so that it can be seen whole with its neighbours off screen.
    return std::min(fitted.width, std::max(viewportWidth(), minColumnWidth_));
}

std::int64_t ArrayGridView::leftmostShowing(std::int64_t column, std::int64_t top, bool refit)
{
    // Walks left only as far as the viewport reaches: a screenful of columns.
    const int available = viewportWidth();
    int width = 0;
    std::int64_t left = column;
    for (std::int64_t c = column; c >= 0; --c) {
        width += columnWidth(c, top, refit);
        if (width > available && c < column)
            break;
        left = c;
    }
    return left;
}

bool ArrayGridView::fullyVisible(std::int64_t column, std::int64_t left, std::int64_t top)
{
    if (column < left || column - left >= model_->windowColumns())
        return false;
    int width = 0;
    for (std::int64_t c = left; c <= column; ++c)
        width += columnWidth(c, top, true);
    return width <= viewportWidth() || column == left;
}

// ---- moving the window and the cursor ----------------------------------------

void ArrayGridView::scrollTo(std::int64_t top, std::int64_t left)
{
    top = std::clamp<std::int64_t>(top, 0, maxTopRow());
    left = std::clamp<std::int64_t>(left, 0, maxLeftColumn(top));
    if (top != model_->originRow() || left != model_->originColumn()) {
        commitOpenEditor();
        const QScopedValueRollback guard(syncing_, true);
        model_->setOrigin(top, left);
    }
    fitColumns();
    syncScrollBars();
    syncQtSelection();
    updateWindowRange();
    fitRowHeader(); // last: it may relayout the table, which resizes the viewport and comes back here
}

void ArrayGridView::setColorScale(ColorScaleModel* scale)
{
    if (colorScale_)
        disconnect(colorScale_, nullptr, this, nullptr);
    colorScale_ = scale;
    model_->setColorScale(scale);
    if (scale)
        // Switching the heat map on, or to a mode without a range, asks for one.
        connect(scale, &ColorScaleModel::changed, this, [this] {
            if (!colorScale_->hasRange())
                updateWindowRange();
        });
    updateWindowRange();
}

void ArrayGridView::updateWindowRange()
{
    if (!colorScale_ || !colorScale_->heatMapEnabled())
        return;
    const ColorScaleModel::RangeMode mode = colorScale_->rangeMode();
    if (mode == ColorScaleModel::RangeMode::Manual ||
        (mode == ColorScaleModel::RangeMode::WholeView && colorScale_->hasRange()))
        return;
    // The columns on screen (the window holds enough of the narrowest to fill it).
    const QHeaderView* header = table_->horizontalHeader();
    int columns = 0;
    while (columns < model_->columnCount() && header->sectionViewportPosition(columns) < viewportWidth())
        ++columns;
    if (const auto range = model_->windowRange(fullRows_ + 1, columns))
        colorScale_->setRange(range->first, range->second);
}

void ArrayGridView::ensureVisible(std::int64_t row, std::int64_t column, std::int64_t top, std::int64_t left)
{
    if (row < top)
        top = row;
    else if (row >= top + fullRows_)
        top = row - fullRows_ + 1;
    if (!fullyVisible(column, left, top))
        left = column < left ? column : leftmostShowing(column, top, true);
    scrollTo(top, left);
}

void ArrayGridView::moveCursor(std::int64_t row, std::int64_t column, bool extend, bool scroll)
{
    const StridedView& view = document_->view();
    if (view.rows() == 0 || view.cols() == 0)
        return;
    CellSelection cells = document_->selection();
    cells.moveCursor(row, column, extend, view.rows(), view.cols());
    row = cells.cursorRow();
    column = cells.cursorColumn();
    {
        const QScopedValueRollback guard(syncing_, true); // synced below, after scrolling
        document_->setSelection(cells);
    }
    if (scroll)
        ensureVisible(row, column, model_->originRow(), model_->originColumn());
    else
        syncQtSelection();
    reportCurrentCell();
}

void ArrayGridView::commitOpenEditor()
{
    // An open editor is bound to a window index, which is about to show
    // another cell: clearing the current index makes QAbstractItemView commit
    // and close it while the index still means the edited cell.
    const QScopedValueRollback guard(syncing_, true);
    table_->selectionModel()->setCurrentIndex(QModelIndex(), QItemSelectionModel::NoUpdate);
}

void ArrayGridView::fitColumns()
{
    QHeaderView* header = table_->horizontalHeader();
    const int available = viewportWidth();
    int x = 0;
    int shown = 0;
    for (int section = 0; section < model_->columnCount() && x < available; ++section, ++shown) {
        const int width = columnWidth(model_->viewColumn(section), model_->originRow(), true);
        if (header->sectionSize(section) != width)
            header->resizeSection(section, width);
        x += width;
    }
    horizontalBar_->setPageStep(std::max(shown - 1, 1));
}

void ArrayGridView::fitRowHeader()
{
    if (model_->rowCount() == 0)
        return;
    // Labels are monotonic along the window (start + i * step): the largest is at one end.
    const StridedView& view = document_->view();
    const std::int64_t largest = std::max(view.rowLabel(model_->viewRow(0)),
                                          view.rowLabel(model_->viewRow(model_->rowCount() - 1)));
    const int digits = static_cast<int>(QString::number(largest).size());
    if (digits == rowLabelDigits_)
        return;
    rowLabelDigits_ = digits;
    // QTableView sizes its row header to the labels only when it lays
    // itself out; new header data alone does not trigger that. (The viewport
    // it narrows comes back through updateWindowSize.)
    table_->doItemsLayout();
}

void ArrayGridView::syncScrollBars()
{
    const QSignalBlocker blockVertical(verticalBar_);
    const QSignalBlocker blockHorizontal(horizontalBar_);
    const std::int64_t maxTop = maxTopRow();
    verticalBar_->setRange(0, toBar(maxTop, maxTop));
    verticalBar_->setPageStep(barPageStep(fullRows_, maxTop));
    verticalBar_->setValue(toBar(model_->originRow(), maxTop));
    const std::int64_t maxLeft = maxLeftColumn(model_->originRow());
    horizontalBar_->setRange(0, toBar(maxLeft, maxLeft));
    horizontalBar_->setValue(toBar(model_->originColumn(), maxLeft));
}

void ArrayGridView::syncQtSelection()
{
    const QScopedValueRollback guard(syncing_, true);
    QItemSelectionModel* selectionModel = table_->selectionModel();
    QModelIndex topLeft, bottomRight;
    const CellSelection& cells = document_->selection();
    if (model_->windowPart(cells.range(), topLeft, bottomRight))
        selectionModel->select(QItemSelection(topLeft, bottomRight), QItemSelectionModel::ClearAndSelect);
    else
        selectionModel->clearSelection();
    // Through the view, not the selection model: the view then knows a
    // current index was chosen, even an invalid one (the cursor off screen),
    // and does not pick the first visible cell when it gains focus.
    const QModelIndex current = model_->indexOfCell(cells.cursorRow(), cells.cursorColumn());
    if (selectionModel->currentIndex() != current)
        table_->setCurrentIndex(current);
}

void ArrayGridView::onModelReset()
{
    // A new slice or new display options: widths and labels are stale, the
    // cursor may be outside the new view.
    columnWidths_.clear();
    if (document_->viewGeneration() != handWidthsGeneration_) {
        handWidths_.clear(); // other columns now (display options keep them)
        handWidthsGeneration_ = document_->viewGeneration();
    }
    rowLabelDigits_ = 0;
    // (The document has fitted the cursor into the new view already.)
    updateWindowSize();
    reportCurrentCell();
}

void ArrayGridView::onQtCurrentChanged(const QModelIndex& current)
{
    // Only Qt's own moves get here (a click, the editor's Tab, keyboard
    // search); the grid's are made with syncing_ set.
    if (syncing_ || !current.isValid())
        return;
    const std::int64_t row = model_->viewRow(current.row());
    const std::int64_t column = model_->viewColumn(current.column());
    if (std::pair{row, column} != currentCell())
        moveCursor(row, column, false, false);
}

void ArrayGridView::onHeaderPressed(Qt::Orientation orientation, int section, bool extend)
{
    const StridedView& view = document_->view();
    if (view.rows() == 0 || view.cols() == 0)
        return;
    CellSelection cells = document_->selection();
    if (orientation == Qt::Vertical)
        cells.selectRows(model_->viewRow(section), extend, view.rows(), view.cols());
    else
        cells.selectColumns(model_->viewColumn(section), extend, view.rows(), view.cols());
    document_->setSelection(cells); // syncs the Qt selection
    reportCurrentCell();
}

void ArrayGridView::reportCurrentCell()
{
    if (currentCell() == reportedCell_)
        return;
    reportedCell_ = currentCell();
    Q_EMIT currentCellChanged(reportedCell_.first, reportedCell_.second);
}

// ---- public API ----------------------------------------------------------------

std::pair<std::int64_t, std::int64_t> ArrayGridView::currentCell() const
{
    return {document_->selection().cursorRow(), document_->selection().cursorColumn()};
}

CellRange ArrayGridView::selection() const
{
    return document_->selection().range();
}

void ArrayGridView::goToCell(std::int64_t row, std::int64_t column)
{
    moveCursor(row, column, false);
}

void ArrayGridView::selectAll()
{
    const StridedView& view = document_->view();
    CellSelection cells = document_->selection();
    cells.selectAll(view.rows(), view.cols());
    document_->setSelection(cells); // syncs the Qt selection
}

void ArrayGridView::copySelection()
{
    const CellRange range = selection();
    const std::int64_t cells = range.cellCount();
    if (cells == 0)
        return;
    if (cells > kMaxClipboardCells) {
        Q_EMIT statusMessage(
            QString("Not copied: %1 cells are too many for the clipboard (at most %2); export them to CSV instead")
                .arg(cells)
                .arg(kMaxClipboardCells));
        return;
    }
    QGuiApplication::clipboard()->setText(document_->copy(range));
}

void ArrayGridView::pasteClipboard()
{
    const CellRange target = selection();
    if (target.cellCount() == 0)
        return;
    const QString text = QGuiApplication::clipboard()->text();
    QString trimmed = text;
    if (trimmed.endsWith(QLatin1Char('\n')))
        trimmed.chop(1);
    if (trimmed.endsWith(QLatin1Char('\r')))
        trimmed.chop(1);
    const bool fill = !trimmed.contains(QLatin1Char('\t')) && !trimmed.contains(QLatin1Char('\n'));
    if (fill && target.cellCount() > kMaxClipboardCells) {
        Q_EMIT statusMessage(QString("Not pasted: filling %1 cells would keep as many old values for undo (at most %2)")
                                 .arg(target.cellCount())
                                 .arg(kMaxClipboardCells));
        return;
    }
    document_->paste(target, text);
}

// ---- input -------------------------------------------------------------------

bool ArrayGridView::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == table_) {
        if (event->type() == QEvent::ShortcutOverride) {
            // The grid's keys win over window shortcuts while it has focus.
            auto* key = static_cast<QKeyEvent*>(event);
            if (key->matches(QKeySequence::Copy) || key->matches(QKeySequence::Paste) ||
                key->matches(QKeySequence::SelectAll) || isNavigationKey(key->key())) {
                event->accept();
                return true;
            }
        } else if (event->type() == QEvent::KeyPress) {
            auto* key = static_cast<QKeyEvent*>(event);
            if (handleKey(key))
                return true;
            // Typing edits the current cell: bring it on screen first.
            if (const CellSelection& cells = document_->selection();
                cells.hasCursor() && (!key->text().isEmpty() || key->key() == Qt::Key_F2)) {
                ensureVisible(cells.cursorRow(), cells.cursorColumn(), model_->originRow(), model_->originColumn());
                // A read-only cell opens no editor: say why, as a refused paste does.
                if (const QString reason = document_->columnReadOnlyReason(cells.cursorColumn());
                    !reason.isEmpty() && (key->key() == Qt::Key_F2 || key->text().at(0).isPrint()))
                    Q_EMIT statusMessage("Cannot edit this cell: " + reason);
            }
        }
    } else if (watched == table_->verticalHeader()->viewport() ||
               watched == table_->horizontalHeader()->viewport()) {
        auto* header = static_cast<QHeaderView*>(watched->parent());
        if (header == table_->horizontalHeader() && event->type() >= QEvent::MouseButtonPress &&
            event->type() <= QEvent::MouseMove && handleColumnResize(header, static_cast<QMouseEvent*>(event)))
            return true;
        switch (event->type()) {
        case QEvent::MouseButtonPress:
        case QEvent::MouseButtonDblClick:
        case QEvent::MouseMove:
            return handleHeaderMouse(header, static_cast<QMouseEvent*>(event));
        case QEvent::MouseButtonRelease:
            drag_ = Drag::None;
            return true;
        default:
            break;
        }
    } else if (watched == table_->viewport()) {
        switch (event->type()) {
        case QEvent::Resize:
            updateWindowSize();
            break;
        case QEvent::MouseButtonPress:
            return handleMousePress(static_cast<QMouseEvent*>(event));
        case QEvent::MouseMove:
            return handleMouseMove(static_cast<QMouseEvent*>(event));
        case QEvent::MouseButtonRelease:
            drag_ = Drag::None;
            break;
        case QEvent::Wheel:
            return handleWheel(static_cast<QWheelEvent*>(event));
        default:
            break;
        }
    }
    return QWidget::eventFilter(watched, event);
}

bool ArrayGridView::handleKey(QKeyEvent* event)
{
    if (event->matches(QKeySequence::Copy)) {
        copySelection();
        return true;
    }
    if (event->matches(QKeySequence::Paste)) {
        pasteClipboard();
        return true;
    }
    if (event->matches(QKeySequence::SelectAll)) {
        selectAll();
        return true;
    }
    const StridedView& view = document_->view();
    const bool extend = event->modifiers() & Qt::ShiftModifier;
    const bool toEdge = event->modifiers() & Qt::ControlModifier;
    std::int64_t row = document_->selection().cursorRow();
    std::int64_t column = document_->selection().cursorColumn();
    switch (event->key()) {
    case Qt::Key_Up:
        row = toEdge ? 0 : row - 1;
        break;
    case Qt::Key_Down:
        row = toEdge ? view.rows() - 1 : row + 1;
        break;
    case Qt::Key_Left:
        column = toEdge ? 0 : column - 1;
        break;
    case Qt::Key_Right:
        column = toEdge ? view.cols() - 1 : column + 1;
        break;
    // Home and End go along the row; in a single column (a 1-D array) there
    // is nowhere to go along it, so they go along the column.
    case Qt::Key_Home:
        column = 0;
        if (toEdge || view.cols() == 1)
            row = 0;
        break;
    case Qt::Key_End:
        column = view.cols() - 1;
        if (toEdge || view.cols() == 1)
            row = view.rows() - 1;
        break;
    case Qt::Key_PageUp:
    case Qt::Key_PageDown: {
        // The page scrolls under the cursor, which keeps its place on screen.
        const std::int64_t page = event->key() == Qt::Key_PageDown ? fullRows_ : -fullRows_;
        scrollTo(model_->originRow() + page, model_->originColumn());
        moveCursor(row + page, column, extend);
        return true;
    }
    case Qt::Key_Tab:
        moveCursor(row, column + 1, false);
        return true;
    case Qt::Key_Backtab:
        moveCursor(row, column - 1, false);
        return true;
    default:
        return false;
    }
    moveCursor(row, column, extend);
    return true;
}

bool ArrayGridView::handleMousePress(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return false;
    const QModelIndex index = table_->indexAt(event->position().toPoint());
    if (!index.isValid())
        return false;
    drag_ = Drag::Cells;
    moveCursor(model_->viewRow(index.row()), model_->viewColumn(index.column()),
               event->modifiers() & Qt::ShiftModifier, false);
    return false; // Qt still sees the press: double clicks and check boxes need it
}

bool ArrayGridView::handleMouseMove(QMouseEvent* event)
{
    if (drag_ != Drag::Cells || !(event->buttons() & Qt::LeftButton) || model_->rowCount() == 0 ||
        model_->columnCount() == 0)
        return false;
    // Dragging past an edge extends one row (column) beyond it, which scrolls.
    const QPoint pos = event->position().toPoint();
    const int rowHeight = table_->verticalHeader()->defaultSectionSize();
    std::int64_t row;
    if (pos.y() < 0)
        row = model_->originRow() - 1;
    else if (pos.y() >= fullRows_ * rowHeight)
        row = model_->originRow() + fullRows_;
    else {
        const int section = table_->rowAt(pos.y());
        row = model_->viewRow(section < 0 ? model_->rowCount() - 1 : section);
    }
    std::int64_t column;
    if (pos.x() < 0) {
        column = model_->originColumn() - 1;
    } else {
        const int available = viewportWidth();
        const int section = table_->columnAt(std::min(pos.x(), available - 1));
        column = model_->viewColumn(section < 0 ? model_->columnCount() - 1 : section) + (pos.x() >= available ? 1 : 0);
    }
    moveCursor(row, column, true);
    return true;
}

int ArrayGridView::columnEdgeAt(int x) const
{
    // The grab zone straddles the line between two column headers, as in
    // QHeaderView (which the grid does not let resize: it sizes the window).
    const QHeaderView* header = table_->horizontalHeader();
    const int grip = std::max(3, header->style()->pixelMetric(QStyle::PM_HeaderGripMargin, nullptr, header));
    for (int section = 0; section < model_->columnCount(); ++section) {
        const int right = header->sectionViewportPosition(section) + header->sectionSize(section);
        if (std::abs(x - right) <= grip)
            return section;
        if (right > x + grip)
            break;
    }
    return -1;
}

bool ArrayGridView::handleColumnResize(QHeaderView* header, QMouseEvent* event)
{
    const int x = event->position().toPoint().x();
    switch (event->type()) {
    case QEvent::MouseMove:
        if (resizing_) {
            // Never narrower than an empty cell, never wider than the viewport.
            const int width = std::clamp(resizing_->startWidth + x - resizing_->startX, minColumnWidth_,
                                         std::max(viewportWidth(), minColumnWidth_));
            handWidths_[resizing_->column] = width;
            fitColumns();
            syncScrollBars();
            return true;
        }
        if (!(event->buttons() & Qt::LeftButton)) {
            if (columnEdgeAt(x) >= 0)
                header->viewport()->setCursor(Qt::SplitHCursor);
            else
                header->viewport()->unsetCursor();
        }
        return false;
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick: {
        if (event->button() != Qt::LeftButton)
            return false;
        const int section = columnEdgeAt(x);
        if (section < 0)
            return false;
        const std::int64_t column = model_->viewColumn(section);
        if (event->type() == QEvent::MouseButtonDblClick) {
            // A double click on the edge fits the column to its text again.
            resizing_.reset();
            handWidths_.erase(column);
            fitColumns();
            syncScrollBars();
        } else {
            resizing_ = ColumnResize{column, x, header->sectionSize(section)};
        }
        return true;
    }
    case QEvent::MouseButtonRelease:
        if (!resizing_)
            return false;
        resizing_.reset();
        return true;
    default:
        return false;
    }
}

bool ArrayGridView::handleHeaderMouse(const QHeaderView* header, QMouseEvent* event)
{
    const bool press = event->type() != QEvent::MouseMove;
    if (press ? event->button() != Qt::LeftButton
              : (drag_ != Drag::Rows && drag_ != Drag::Columns) || !(event->buttons() & Qt::LeftButton))
        return true;
    const QPoint pos = event->position().toPoint();
    const int section = header->logicalIndexAt(header->orientation() == Qt::Vertical ? pos.y() : pos.x());
    if (section < 0)
        return true;
    if (press)
        drag_ = header->orientation() == Qt::Vertical ? Drag::Rows : Drag::Columns;
    // A drag across headers extends from the section first pressed.
    onHeaderPressed(header->orientation(), section, !press || (event->modifiers() & Qt::ShiftModifier));
    return true;
}

bool ArrayGridView::handleWheel(QWheelEvent* event)
{
    // Whole notches (120 units) only; touchpads send fractions that add up.
    // Shift turns a plain wheel sideways.
    QPoint delta = event->angleDelta();
    if ((event->modifiers() & Qt::ShiftModifier) && delta.x() == 0)
        delta = QPoint(delta.y(), 0);
    wheelRows_ += delta.y();
    wheelColumns_ += delta.x();
    const int rowNotches = wheelRows_ / 120;
    const int columnNotches = wheelColumns_ / 120;
    wheelRows_ -= rowNotches * 120;
    wheelColumns_ -= columnNotches * 120;
    if (rowNotches != 0 || columnNotches != 0)
        scrollTo(model_->originRow() - std::int64_t{rowNotches} * QApplication::wheelScrollLines(),
                 model_->originColumn() - columnNotches);
    event->accept();
    return true;
}
