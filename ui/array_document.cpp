// SPDX-License-Identifier: MIT
#include "ui/array_document.h"

#include "core/buffer_data.h"
#include "core/errors.h"
#include "core/py_buffer.h"
#include "core/text_sink.h"
#include "ui/thread_handoff.h"
#include "ui/write_cells_command.h"

#include <algorithm>
#include <cstring>
#include <vector>

using namespace arraylens;

ArrayDocument::ArrayDocument(std::shared_ptr<ArrayData> data, Releaser releaser, Scheduler scheduler,
                             QObject* parent)
    : QObject(parent)
    , data_(std::move(data))
    , slice_(defaultSlice(data_->dimensions()))
    , releaser_(std::move(releaser))
    , scheduler_(std::move(scheduler))
{
    showSource(data_->makeSource(slice_, false, {}));
    selection_.fit(source_->rows(), source_->cols());
}

void ArrayDocument::setSelection(const CellSelection& selection)
{
    if (selection == selection_)
        return;
    selection_ = selection;
    Q_EMIT selectionChanged();
}

ArrayDocument::ArrayDocument(std::shared_ptr<PyBuffer> buffer, Releaser releaser, QObject* parent)
    : ArrayDocument(std::make_shared<BufferData>(std::move(buffer)), std::move(releaser), {}, parent)
{
}

ArrayDocument::~ArrayDocument()
{
    // The commands and the tile hold the source too: drop them, stop the
    // source's notifications, then hand the last references to the releaser.
    undoStack_.clear();
    lastTile_.reset();
    source_->setHooks({});
    if (releaser_) {
        releaser_(std::move(source_));
        releaser_(std::move(data_));
    }
}

void ArrayDocument::showSource(std::shared_ptr<ArraySource> source)
{
    if (source_)
        source_->setHooks({}); // an old slice's fetches no longer repaint this view
    lastTile_.reset();
    source_ = std::move(source);
    if (!scheduler_)
        return;
    // The hooks run on the Python thread (a buffer's, on PageFaultWorker):
    // everything they tell the widgets goes through queued calls (postTo,
    // ordered for ThreadSanitizer), which Qt drops once the document is gone
    // (setHooks({}) in the destructor waits for a hook that is running).
    ArraySource* shown = source_.get();
    source_->setHooks(ArraySource::Hooks{
        scheduler_,
        [this, shown](const CellRange& range) {
            postTo(this, [this, shown, range] {
                if (source_.get() != shown)
                    return;
                lastTile_.reset(); // it may be a block the source has just dropped or patched
                Q_EMIT cellsChanged(range);
            });
        },
        [this](const std::string& message) {
            postTo(this, [this, text = QString::fromStdString(message)] { Q_EMIT sourceFailed(text); });
        },
    });
}

SliceSpec ArrayDocument::defaultSlice(int dimensions)
{
    std::vector<SliceSpec::Item> items;
    for (int axis = 0; axis < dimensions; ++axis) {
        SliceSpec::Item item;
        if (axis < dimensions - 2)
            item.kind = SliceSpec::Item::Kind::Index;
        items.push_back(item);
    }
    return SliceSpec(std::move(items));
}

void ArrayDocument::setSlice(const SliceSpec& slice, bool transposed, const std::string& field)
{
    std::shared_ptr<ArraySource> source = data_->makeSource(slice, transposed, field); // throws before anything changes
    slice_ = slice;
    transposed_ = transposed;
    field_ = field;
    showSource(std::move(source));
    selection_.fit(source_->rows(), source_->cols());
    ++viewGeneration_;
    Q_EMIT viewChanged();
}

namespace {

// Whether both are buffers over the same elements: undo steps made on one
// write the other's cells.
bool sameMemory(const ArrayData& a, const ArrayData& b)
{
    const std::shared_ptr<PyBuffer> x = a.buffer();
    const std::shared_ptr<PyBuffer> y = b.buffer();
    if (!x || !y || x->shape() != y->shape() || x->strides() != y->strides() || x->format() != y->format())
        return false;
    if (x->elementCount() == 0)
        return true;
    const std::vector<std::int64_t> first(x->shape().size(), 0);
    return x->elementPointer(first) == y->elementPointer(first);
}

} // namespace

bool ArrayDocument::replaceData(std::shared_ptr<ArrayData> data)
{
    SliceSpec slice = slice_;
    bool transposed = transposed_;
    std::string field = field_;
    std::shared_ptr<ArraySource> source;
    try {
        source = data->makeSource(slice, transposed, field);
    } catch (const Error&) {
        // The new result has another shape or fields: its default plane.
        slice = defaultSlice(data->dimensions());
        transposed = false;
        field.clear();
        source = data->makeSource(slice, false, {});
    }
    const bool keepsHistory = sameMemory(*data_, *data);
    if (!keepsHistory)
        undoStack_.clear(); // its steps would write into the earlier result, which nothing shows any more
    std::shared_ptr<ArrayData> previousData = std::exchange(data_, std::move(data));
    std::shared_ptr<ArraySource> previousSource = source_;
    slice_ = slice;
    transposed_ = transposed;
    field_ = field;
    showSource(std::move(source));
    if (releaser_) {
        releaser_(std::move(previousSource));
        releaser_(std::move(previousData));
    }
    memoryLossReported_ = false;
    // The selection stays as it was when it is still inside the view.
    const CellRange& selected = selection_.range();
    const bool selectionFits = selection_.hasCursor() && selection_.cursorRow() < source_->rows() &&
                               selection_.cursorColumn() < source_->cols() &&
                               selected.firstRow + selected.rowCount <= source_->rows() &&
                               selected.firstColumn + selected.columnCount <= source_->cols();
    if (!selectionFits)
        selection_.fit(source_->rows(), source_->cols());
    ++viewGeneration_;
    Q_EMIT viewChanged();
    return keepsHistory;
}

void ArrayDocument::setDisplayOptions(const DisplayOptions& options)
{
    if (options == display_)
        return;
    display_ = options;
    Q_EMIT viewChanged();
}

namespace {

// Straight from the codec into the QString (cell text is UTF-8): data() runs
// for every painted cell, so no std::string on the way.
QString cellText(const std::byte* element, const ElementType& type, const DisplayOptions& options)
{
    thread_local TextSink text;
    text.clear();
    type.codec->format(element, text, options);
    return QString::fromUtf8(text.text().data(), static_cast<qsizetype>(text.size()));
}

} // namespace

const Tile* ArrayDocument::tileAt(std::int64_t row, std::int64_t column, bool fetchMissing) const
{
    if (lastTile_ && lastTile_->contains(row, column))
        return &*lastTile_;
    const CellRange cell{row, 1, column, 1};
    lastTile_ = fetchMissing ? source_->tryTile(cell) : source_->cachedTile(cell);
    return lastTile_ ? &*lastTile_ : nullptr;
}

QString ArrayDocument::displayText(std::int64_t row, std::int64_t column) const
{
    const Tile* tile = tileAt(row, column);
    if (!tile)
        return unreadText(row, column);
    if (tile->isMasked(row, column))
        return {};
    QString text = cellText(tile->pointer(row, column), tile->columnType(column), display_);
    return checkMemory() ? text : QString();
}

QString ArrayDocument::exactText(std::int64_t row, std::int64_t column) const
{
    const Tile* tile = tileAt(row, column);
    if (!tile)
        return unreadText(row, column);
    QString text = cellText(tile->pointer(row, column), tile->columnType(column), {});
    return checkMemory() ? text : QString();
}

std::optional<double> ArrayDocument::numericValue(std::int64_t row, std::int64_t column) const
{
    const Tile* tile = tileAt(row, column);
    if (!tile || tile->isMasked(row, column) || isMemoryLost())
        return std::nullopt;
    const ElementType& type = tile->columnType(column);
    if (!type.isNumeric() || !type.codec)
        return std::nullopt;
    return type.codec->toDouble(tile->pointer(row, column));
}

QString ArrayDocument::unreadText(std::int64_t row, std::int64_t column) const
{
    if (isMemoryLost())
        return {}; // no value will come: the pages it would be faulted in from are gone
    return fetchFailure(row, column).isEmpty() ? kPendingText : kFailedText;
}

QString ArrayDocument::displayTextIfRead(std::int64_t row, std::int64_t column) const
{
    return tileAt(row, column, false) ? displayText(row, column) : kPendingText;
}

bool ArrayDocument::isFetched(std::int64_t row, std::int64_t column) const
{
    return tileAt(row, column) != nullptr;
}

QString ArrayDocument::fetchFailure(std::int64_t row, std::int64_t column) const
{
    return QString::fromStdString(source_->failureAt(row, column));
}

bool ArrayDocument::isMemoryLost() const
{
    const std::shared_ptr<PyBuffer> buffer = data_->buffer();
    return buffer && buffer->isMemoryLost();
}

bool ArrayDocument::checkMemory() const
{
    if (!isMemoryLost())
        return true;
    if (!memoryLossReported_) {
        memoryLossReported_ = true;
        // Queued: this runs inside data() and painting, where listeners must
        // not change the widgets.
        auto* self = const_cast<ArrayDocument*>(this);
        QMetaObject::invokeMethod(self, [self] { Q_EMIT self->memoryLost(); }, Qt::QueuedConnection);
    }
    return false;
}

QString ArrayDocument::memoryLostReason()
{
    return "the file behind this view shrank (another call or program truncated it): its values are gone. "
           "Call the function again to see the file as it is now";
}

bool ArrayDocument::isBool() const
{
    for (std::int64_t c = 0; c < std::min(view().cols(), view().columnPeriod()); ++c)
        if (isBool(c))
            return true;
    return false;
}

bool ArrayDocument::isBool(std::int64_t column) const
{
    return source_->columnType(column).kind == ElementKind::Bool;
}

bool ArrayDocument::isMasked(std::int64_t row, std::int64_t column) const
{
    const Tile* tile = tileAt(row, column);
    return tile && tile->isMasked(row, column);
}

std::optional<ElementBytes> ArrayDocument::currentBytes(std::int64_t row, std::int64_t column)
{
    const Tile* tile = tileAt(row, column);
    if (!tile) {
        reject(QString("cell [%1, %2] has not been read from the %3 yet: wait for its value, then edit it")
                   .arg(QString::fromStdString(source_->rowLabel(row)),
                        QString::fromStdString(source_->columnHeader(column)),
                        QString::fromStdString(source_->origin())));
        return std::nullopt;
    }
    const std::byte* at = tile->pointer(row, column);
    return ElementBytes(at, at + tile->columnType(column).itemSize);
}

void ArrayDocument::unmaskWith(WriteCellsCommand& command, std::int64_t row, std::int64_t column) const
{
    // A value typed into a masked cell is meant to be seen: as NumPy's
    // a[i] = x does, the same step unmasks it (undo masks it again).
    if (isMasked(row, column) && source_->maskReadOnlyReason().empty())
        command.addMask(row, column, true, false);
}

QString ArrayDocument::cellName(std::int64_t row, std::int64_t column) const
{
    // "[3]" for a column of values, "[3, 7]" or "[3, x]" for a plane or records.
    const QString rowLabel = QString::fromStdString(source_->rowLabel(row));
    if (view().keptDimensions() < 2 && view().columnPeriod() == 1)
        return "[" + rowLabel + "]";
    return "[" + rowLabel + ", " + QString::fromStdString(source_->columnHeader(column)) + "]";
}

bool ArrayDocument::toggleMask(const CellRange& range)
{
    if (const std::string reason = source_->maskReadOnlyReason(); !reason.empty())
        return reject(QString::fromStdString(reason));
    if (range.cellCount() > kMaxEditedCells)
        return reject(QString("%1 cells are more than one edit may change (%2)").arg(range.cellCount()).arg(kMaxEditedCells));
    // The first cell decides: masked cells are unmasked, unmasked ones masked.
    const bool mask = !isMasked(range.firstRow, range.firstColumn);
    auto command = std::make_unique<WriteCellsCommand>(
        this, source_, range,
        range.cellCount() == 1
            ? QString("%1 %2").arg(mask ? "Mask" : "Unmask", cellName(range.firstRow, range.firstColumn))
            : QString("%1 %2 cells").arg(mask ? "Mask" : "Unmask").arg(range.cellCount()));
    for (std::int64_t r = range.firstRow; r < range.firstRow + range.rowCount; ++r)
        for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c)
            command->addMask(r, c, isMasked(r, c), mask);
    undoStack_.push(command.release());
    return true;
}

bool ArrayDocument::isReadOnly() const
{
    return source_->isReadOnly() || isMemoryLost();
}

QString ArrayDocument::readOnlyReason() const
{
    if (!isReadOnly())
        return {};
    if (isMemoryLost())
        return memoryLostReason();
    return QString::fromStdString(source_->readOnlyReason());
}

QString ArrayDocument::columnReadOnlyReason(std::int64_t column) const
{
    if (isReadOnly())
        return readOnlyReason();
    return QString::fromStdString(source_->columnReadOnlyReason(column));
}

bool ArrayDocument::reject(const QString& message)
{
    Q_EMIT editRejected(message);
    return false;
}

bool ArrayDocument::setCellText(std::int64_t row, std::int64_t column, const QString& text)
{
    if (const QString reason = columnReadOnlyReason(column); !reason.isEmpty())
        return reject(reason);
    ElementBytes bytes;
    try {
        bytes = CellCodec::parse(text.toStdString(), source_->columnType(column));
    } catch (const CellTextError& error) {
        return reject(QString::fromStdString(error.what()));
    }
    const std::optional<ElementBytes> old = currentBytes(row, column);
    if (!old)
        return false;
    auto command = std::make_unique<WriteCellsCommand>(
        this, source_, CellRange{row, 1, column, 1},
        QString("Set %1 to %2").arg(cellName(row, column), text.trimmed()));
    command->addCell(row, column, *old, bytes);
    unmaskWith(*command, row, column);
    undoStack_.push(command.release()); // push() runs redo(): the write
    return true;
}

bool ArrayDocument::paste(const CellRange& target, const QString& text)
{
    if (isReadOnly())
        return reject(readOnlyReason());
    QStringList lines = text.split('\n');
    if (!lines.isEmpty() && lines.last().isEmpty())
        lines.removeLast();
    if (lines.isEmpty())
        return reject("the clipboard holds no cells to paste");
    std::vector<QStringList> cells;
    cells.reserve(static_cast<std::size_t>(lines.size()));
    for (QString& line : lines) {
        if (line.endsWith('\r'))
            line.chop(1);
        cells.push_back(line.split('\t'));
        if (cells.back().size() != cells.front().size())
            return reject(QString("the pasted text is not a rectangle: line %1 has %2 cells, line 1 has %3")
                              .arg(cells.size())
                              .arg(cells.back().size())
                              .arg(cells.front().size()));
    }
    const bool fill = cells.size() == 1 && cells.front().size() == 1;
    const std::int64_t rows = fill ? target.rowCount : static_cast<std::int64_t>(cells.size());
    const std::int64_t columns = fill ? target.columnCount : cells.front().size();
    if (target.firstRow + rows > source_->rows() || target.firstColumn + columns > source_->cols())
        return reject(QString("the pasted block of %1 × %2 cells does not fit at row %3, column %4 of a %5 × %6 view")
                          .arg(rows)
                          .arg(columns)
                          .arg(QString::fromStdString(source_->rowLabel(target.firstRow)))
                          .arg(QString::fromStdString(source_->columnHeader(target.firstColumn)))
                          .arg(source_->rows())
                          .arg(source_->cols()));

    // Columns repeat their fields every columnPeriod() columns: checking
    // that many checks every field the paste reaches.
    for (std::int64_t c = target.firstColumn; c < target.firstColumn + std::min(columns, view().columnPeriod()); ++c)
        if (const QString reason = columnReadOnlyReason(c); !reason.isEmpty())
            return reject("nothing pasted: " + reason);
    // Validate everything before writing anything. Each cell is parsed by its
    // column's codec (record fields differ); one value filling a range is
    // parsed once per column type.
    const std::int64_t parsedRows = fill ? 1 : rows;
    const std::int64_t parsedColumns = fill ? std::min(columns, view().columnPeriod()) : columns;
    std::vector<ElementBytes> parsed(static_cast<std::size_t>(parsedRows * parsedColumns));
    for (std::int64_t r = 0; r < parsedRows; ++r)
        for (std::int64_t c = 0; c < parsedColumns; ++c) {
            const QString& cell = cells[static_cast<std::size_t>(r)][fill ? 0 : static_cast<qsizetype>(c)];
            try {
                parsed[static_cast<std::size_t>(r * parsedColumns + c)] =
                    CellCodec::parse(cell.toStdString(), source_->columnType(target.firstColumn + c));
            } catch (const CellTextError& error) {
                return reject(QString("nothing pasted: cell %1: %2")
                                  .arg(cellName(target.firstRow + r, target.firstColumn + c))
                                  .arg(error.what()));
            }
        }

    auto command = std::make_unique<WriteCellsCommand>(this, source_,
                                                       CellRange{target.firstRow, rows, target.firstColumn, columns},
                                                       QString("Paste %1 × %2 cells").arg(rows).arg(columns));
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < columns; ++c) {
            const std::size_t parsedIndex = static_cast<std::size_t>(fill ? c % parsedColumns : r * columns + c);
            const std::optional<ElementBytes> old = currentBytes(target.firstRow + r, target.firstColumn + c);
            if (!old)
                return false;
            command->addCell(target.firstRow + r, target.firstColumn + c, *old, parsed[parsedIndex]);
            unmaskWith(*command, target.firstRow + r, target.firstColumn + c);
        }
    undoStack_.push(command.release());
    return true;
}

QString ArrayDocument::copy(const CellRange& range) const
{
    std::string text;
    for (std::int64_t r = range.firstRow; r < range.firstRow + range.rowCount; ++r) {
        for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c) {
            if (c != range.firstColumn)
                text += '\t';
            const Tile* tile = tileAt(r, c);
            if (!tile) {
                const_cast<ArrayDocument*>(this)->reject(
                    "nothing copied: some of these cells have not been read from the " +
                    QString::fromStdString(source_->origin()) + " yet (export them instead, or copy once they show)");
                return {};
            }
            if (!tile->isMasked(r, c)) // a masked cell copies as an empty one, as it exports
                CellCodec::appendTo(text, tile->pointer(r, c), tile->columnType(c));
        }
        text += '\n';
    }
    return checkMemory() ? QString::fromStdString(text) : QString();
}

void ArrayDocument::notifyExternalChange()
{
    // A call may have changed what a lazy source fetched as well: its blocks
    // are read again only when it is made again, so buffers are what repaint.
    Q_EMIT cellsChanged(CellRange::whole(view()));
}

void ArrayDocument::notifyCellsWritten(const CellRange& range, std::uint64_t generation)
{
    lastTile_.reset();
    Q_EMIT cellsChanged(generation == viewGeneration_ ? range : CellRange::whole(view()));
}

void ArrayDocument::notifyWriteFailed(const QString& message)
{
    Q_EMIT editRejected(message);
}
