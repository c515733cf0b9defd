// SPDX-License-Identifier: MIT
#include "ui/array_document.h"

#include "core/errors.h"
#include "core/py_buffer.h"
#include "core/text_sink.h"
#include "ui/write_cells_command.h"

#include <algorithm>
#include <cstring>
#include <vector>

using namespace arraylens;

ArrayDocument::ArrayDocument(std::shared_ptr<PyBuffer> buffer, BufferReleaser releaser, QObject* parent)
    : QObject(parent)
    , buffer_(std::move(buffer))
    , slice_(defaultSlice(buffer_->dimensions()))
    , view_(buffer_, slice_)
    , releaser_(std::move(releaser))
{
}

ArrayDocument::~ArrayDocument()
{
    // The commands and the view hold the buffer too: drop them, then hand the
    // last reference to the releaser.
    undoStack_.clear();
    view_ = StridedView();
    if (releaser_)
        releaser_(std::move(buffer_));
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
    StridedView view(buffer_, slice, transposed, field); // throws before anything changes
    slice_ = slice;
    transposed_ = transposed;
    field_ = field;
    view_ = std::move(view);
    ++viewGeneration_;
    Q_EMIT viewChanged();
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

QString ArrayDocument::displayText(std::int64_t row, std::int64_t column) const
{
    if (view_.isMasked(row, column))
        return {};
    QString text = cellText(view_.pointer(row, column), view_.columnType(column), display_);
    return checkMemory() ? text : QString();
}

QString ArrayDocument::exactText(std::int64_t row, std::int64_t column) const
{
    QString text = cellText(view_.pointer(row, column), view_.columnType(column), {});
    return checkMemory() ? text : QString();
}

bool ArrayDocument::isMemoryLost() const
{
    return buffer_->isMemoryLost();
}

bool ArrayDocument::checkMemory() const
{
    if (!buffer_->isMemoryLost())
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
    for (std::int64_t c = 0; c < std::min(view_.cols(), view_.columnPeriod()); ++c)
        if (isBool(c))
            return true;
    return false;
}

bool ArrayDocument::isBool(std::int64_t column) const
{
    return view_.columnType(column).kind == ElementKind::Bool;
}

bool ArrayDocument::isMasked(std::int64_t row, std::int64_t column) const
{
    return view_.isMasked(row, column);
}

void ArrayDocument::unmaskWith(WriteCellsCommand& command, std::int64_t row, std::int64_t column) const
{
    // A value typed into a masked cell is meant to be seen: as NumPy's
    // a[i] = x does, the same step unmasks it (undo masks it again).
    static constexpr std::byte kUnmasked{0};
    if (view_.isMasked(row, column) && !view_.maskBuffer()->isReadOnly())
        command.addElement(view_.writableMaskPointer(row, column), std::span(&kUnmasked, 1));
}

bool ArrayDocument::toggleMask(const CellRange& range)
{
    if (!view_.hasMask())
        return reject("this array has no mask: only a numpy.ma.MaskedArray has cells to mask");
    if (isReadOnly() || view_.maskBuffer()->isReadOnly())
        return reject(isReadOnly() ? readOnlyReason() : "the mask of this masked array is read-only");
    if (range.cellCount() > kMaxEditedCells)
        return reject(QString("%1 cells are more than one edit may change (%2)").arg(range.cellCount()).arg(kMaxEditedCells));
    // The first cell decides: masked cells are unmasked, unmasked ones masked.
    const bool mask = !view_.isMasked(range.firstRow, range.firstColumn);
    const std::byte value{static_cast<unsigned char>(mask ? 1 : 0)};
    auto command = std::make_unique<WriteCellsCommand>(
        this, view_.maskBuffer(), range,
        range.cellCount() == 1 ? QString("%1 [%2, %3]")
                                     .arg(mask ? "Mask" : "Unmask")
                                     .arg(view_.rowLabel(range.firstRow))
                                     .arg(QString::fromStdString(view_.columnHeader(range.firstColumn)))
                               : QString("%1 %2 cells").arg(mask ? "Mask" : "Unmask").arg(range.cellCount()));
    for (std::int64_t r = range.firstRow; r < range.firstRow + range.rowCount; ++r)
        for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c)
            command->addElement(view_.writableMaskPointer(r, c), std::span(&value, 1));
    undoStack_.push(command.release());
    return true;
}

bool ArrayDocument::isReadOnly() const
{
    return buffer_->isReadOnly() || buffer_->isMemoryLost();
}

QString ArrayDocument::readOnlyReason() const
{
    if (!isReadOnly())
        return {};
    if (buffer_->isMemoryLost())
        return memoryLostReason();
    return QString::fromStdString(buffer_->readOnlyReason());
}

bool ArrayDocument::reject(const QString& message)
{
    Q_EMIT editRejected(message);
    return false;
}

bool ArrayDocument::setCellText(std::int64_t row, std::int64_t column, const QString& text)
{
    if (isReadOnly())
        return reject(readOnlyReason());
    ElementBytes bytes;
    try {
        bytes = CellCodec::parse(text.toStdString(), view_.columnType(column));
    } catch (const CellTextError& error) {
        return reject(QString::fromStdString(error.what()));
    }
    auto command = std::make_unique<WriteCellsCommand>(
        this, buffer_, CellRange{row, 1, column, 1},
        QString("Set [%1, %2] to %3")
            .arg(view_.rowLabel(row))
            .arg(QString::fromStdString(view_.columnHeader(column)))
            .arg(text.trimmed()));
    command->addElement(view_.writablePointer(row, column), bytes);
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
    if (target.firstRow + rows > view_.rows() || target.firstColumn + columns > view_.cols())
        return reject(QString("the pasted block of %1 × %2 cells does not fit at row %3, column %4 of a %5 × %6 view")
                          .arg(rows)
                          .arg(columns)
                          .arg(view_.rowLabel(target.firstRow))
                          .arg(view_.colLabel(target.firstColumn))
                          .arg(view_.rows())
                          .arg(view_.cols()));

    // Validate everything before writing anything. Each cell is parsed by its
    // column's codec (record fields differ); one value filling a range is
    // parsed once per column type.
    const std::int64_t parsedRows = fill ? 1 : rows;
    const std::int64_t parsedColumns = fill ? std::min(columns, view_.columnPeriod()) : columns;
    std::vector<ElementBytes> parsed(static_cast<std::size_t>(parsedRows * parsedColumns));
    for (std::int64_t r = 0; r < parsedRows; ++r)
        for (std::int64_t c = 0; c < parsedColumns; ++c) {
            const QString& cell = cells[static_cast<std::size_t>(r)][fill ? 0 : static_cast<qsizetype>(c)];
            try {
                parsed[static_cast<std::size_t>(r * parsedColumns + c)] =
                    CellCodec::parse(cell.toStdString(), view_.columnType(target.firstColumn + c));
            } catch (const CellTextError& error) {
                return reject(QString("nothing pasted: cell [%1, %2]: %3")
                                  .arg(view_.rowLabel(target.firstRow + r))
                                  .arg(QString::fromStdString(view_.columnHeader(target.firstColumn + c)))
                                  .arg(error.what()));
            }
        }

    auto command = std::make_unique<WriteCellsCommand>(this, buffer_,
                                                       CellRange{target.firstRow, rows, target.firstColumn, columns},
                                                       QString("Paste %1 × %2 cells").arg(rows).arg(columns));
    for (std::int64_t r = 0; r < rows; ++r)
        for (std::int64_t c = 0; c < columns; ++c) {
            const std::size_t source =
                static_cast<std::size_t>(fill ? c % parsedColumns : r * columns + c);
            command->addElement(view_.writablePointer(target.firstRow + r, target.firstColumn + c), parsed[source]);
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
            if (!view_.isMasked(r, c)) // a masked cell copies as an empty one, as it exports
                CellCodec::appendTo(text, view_.pointer(r, c), view_.columnType(c));
        }
        text += '\n';
    }
    return checkMemory() ? QString::fromStdString(text) : QString();
}

void ArrayDocument::notifyExternalChange()
{
    Q_EMIT cellsChanged(CellRange::whole(view_));
}

void ArrayDocument::notifyCellsWritten(const CellRange& range, std::uint64_t generation)
{
    Q_EMIT cellsChanged(generation == viewGeneration_ ? range : CellRange::whole(view_));
}
