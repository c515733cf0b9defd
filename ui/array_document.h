// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/array_data.h"
#include "core/array_source.h"
#include "core/cell_codec.h"
#include "core/cell_selection.h"
#include "core/csv_writer.h"
#include "core/slice_spec.h"
#include "core/strided_view.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <functional>
#include <memory>
#include <optional>
#include <string>

class WriteCellsCommand;

/// One open result: what the call returned (ArrayData), the slice of it
/// that is on screen (an ArraySource), the display options and the undo
/// stack of its edits. Models and widgets listen to it; every change to the
/// values goes through it (as undo commands), in view coordinates (row,
/// column of the 2-D view), and through the source seam (DESIGN.md 12).
///
/// Reading cells needs no GIL and never waits: a buffer's memory is pinned
/// by its export (DESIGN.md 6); a lazy source's cells are read from the
/// blocks it has fetched, and cells it has not are placeholders until the
/// Python thread brings them (cellsChanged then says so).
class ArrayDocument : public QObject {
    Q_OBJECT
public:
    /// Where what holds Python references goes when the document is done
    /// with it (the Python worker: dropping them takes the GIL). Null:
    /// dropped in place.
    using Releaser = std::function<void(std::shared_ptr<const void>)>;
    /// Runs a job on the Python thread (a lazy source's fetches and writes).
    /// Null: a lazy source never fetches in the background.
    using Scheduler = std::function<void(std::function<void()>)>;

    ArrayDocument(std::shared_ptr<arraylens::ArrayData> data, Releaser releaser = {}, Scheduler scheduler = {},
                  QObject* parent = nullptr);
    /// A document over one exported buffer.
    explicit ArrayDocument(std::shared_ptr<arraylens::PyBuffer> buffer, Releaser releaser = {},
                           QObject* parent = nullptr);
    ~ArrayDocument() override;

    [[nodiscard]] const std::shared_ptr<arraylens::ArrayData>& data() const { return data_; }
    /// The buffer read in place; null for a lazy array.
    [[nodiscard]] std::shared_ptr<arraylens::PyBuffer> buffer() const { return data_->buffer(); }
    [[nodiscard]] const std::shared_ptr<arraylens::ArraySource>& source() const { return source_; }
    /// The shown plane's geometry: shape, axes, labels, column types (not
    /// its values: read those with displayText and exactText).
    [[nodiscard]] const arraylens::StridedView& view() const { return source_->geometry(); }

    /// The selection shown; N-D buffers start at index 0 of every axis but the last two.
    [[nodiscard]] const arraylens::SliceSpec& slice() const { return slice_; }
    [[nodiscard]] bool isTransposed() const { return transposed_; }
    /// The record field (or structure of fields) shown; empty for all or none.
    [[nodiscard]] const std::string& field() const { return field_; }
    /// Throws SliceError (and changes nothing) when the slice does not fit
    /// or the field does not exist.
    void setSlice(const arraylens::SliceSpec& slice, bool transposed = false, const std::string& field = {});
    /// A slice every buffer accepts: ':' on the last two axes, 0 before them.
    [[nodiscard]] static arraylens::SliceSpec defaultSlice(int dimensions);

    /// The cursor and the selected cells, shared by every view of this
    /// document; kept inside the view when its shape changes.
    [[nodiscard]] const arraylens::CellSelection& selection() const { return selection_; }
    /// Emits selectionChanged when it differs.
    void setSelection(const arraylens::CellSelection& selection);

    /// The same call made again (a reload): shows `data` in place of what
    /// the document showed, keeping the document itself — its display
    /// options, slice (when it still fits), selection, and so every view's
    /// scroll position. The undo history stays when `data` is the same
    /// memory (the same array returned again: its steps still mean its
    /// cells); a new array clears it, and false comes back.
    bool replaceData(std::shared_ptr<arraylens::ArrayData> data);

    [[nodiscard]] const arraylens::DisplayOptions& displayOptions() const { return display_; }
    void setDisplayOptions(const arraylens::DisplayOptions& options);

    /// Text as shown (display options applied) and as edited (exact). A
    /// cell not fetched yet reads as kPendingText, one whose fetch failed as
    /// kFailedText.
    [[nodiscard]] QString displayText(std::int64_t row, std::int64_t column) const;
    [[nodiscard]] QString exactText(std::int64_t row, std::int64_t column) const;
    /// displayText() of a cell already read; kPendingText, and no read asked
    /// for, otherwise (for measuring widths off screen).
    [[nodiscard]] QString displayTextIfRead(std::int64_t row, std::int64_t column) const;
    /// The cell's value as a number (complex: its magnitude; bool: 0 or 1);
    /// nothing for text, dates, masked cells and cells not read yet.
    [[nodiscard]] std::optional<double> numericValue(std::int64_t row, std::int64_t column) const;
    /// False while the cell's value is still being fetched (or failed to be).
    [[nodiscard]] bool isFetched(std::int64_t row, std::int64_t column) const;
    /// Why the cell's value could not be fetched; empty when it was or may be.
    [[nodiscard]] QString fetchFailure(std::int64_t row, std::int64_t column) const;
    static inline const QString kPendingText = QStringLiteral("\u2026");
    static inline const QString kFailedText = QStringLiteral("\u26a0");
    /// Whether any column's cells are bool (the grid makes room for check boxes).
    [[nodiscard]] bool isBool() const;
    /// Whether column's cells are bool (shown as check boxes).
    [[nodiscard]] bool isBool(std::int64_t column) const;
    /// Masked arrays: whether the cell is masked (shown empty and greyed).
    [[nodiscard]] bool isMasked(std::int64_t row, std::int64_t column) const;
    [[nodiscard]] bool hasMask() const { return source_->hasMask(); }
    /// Masks the range's cells, or unmasks them when its first cell is
    /// masked, as one undo step. False (editRejected says why) without a
    /// writable mask.
    bool toggleMask(const arraylens::CellRange& range);
    /// The most cells one edit (paste, mask toggle) may change: its undo
    /// state holds their old bytes.
    static constexpr std::int64_t kMaxEditedCells = 50'000'000;

    /// True once the memory under the view was lost (its file shrank, see
    /// arraylens::GuardedMemory): cells then read as empty text, edits and
    /// exports are refused.
    [[nodiscard]] bool isMemoryLost() const;
    [[nodiscard]] static QString memoryLostReason();

    [[nodiscard]] bool isReadOnly() const;
    /// Why edits are refused ("bytes are read-only"), empty when they are not.
    [[nodiscard]] QString readOnlyReason() const;
    /// Why edits of column's cells are refused (all of them, or a table's
    /// text column), empty when they are not.
    [[nodiscard]] QString columnReadOnlyReason(std::int64_t column) const;

    /// Parses text into the cell as one undo step. On invalid input nothing
    /// is written, editRejected says why and false comes back.
    bool setCellText(std::int64_t row, std::int64_t column, const QString& text);
    /// Pastes tab-separated text with its top-left cell at `target`'s; one
    /// value fills the whole target range. All cells are validated first:
    /// all are written (one undo step) or none.
    bool paste(const arraylens::CellRange& target, const QString& text);
    /// The range as tab-separated exact text, one line per row; nothing
    /// (and editRejected says why) while some of its cells are not fetched.
    [[nodiscard]] QString copy(const arraylens::CellRange& range) const;

    [[nodiscard]] QUndoStack* undoStack() { return &undoStack_; }

    /// The Python side may have changed the memory (after any call): repaint.
    void notifyExternalChange();
    /// Counts view changes (slice, transpose), so that an undo step knows
    /// whether its view coordinates still mean the same cells.
    [[nodiscard]] std::uint64_t viewGeneration() const { return viewGeneration_; }
    /// Used by WriteCellsCommand after it writes `range`, in the coordinates
    /// of view `generation`: repaints the range, or everything if the view changed.
    void notifyCellsWritten(const arraylens::CellRange& range, std::uint64_t generation);
    /// Used by WriteCellsCommand when its source refused a write.
    void notifyWriteFailed(const QString& message);

Q_SIGNALS:
    /// Cells changed value (view coordinates).
    void cellsChanged(const arraylens::CellRange& range);
    /// Everything may have changed: slice, shape, display options.
    void viewChanged();
    void editRejected(const QString& message);
    /// The memory under the view was lost (emitted once, queued).
    void memoryLost();
    /// A lazy source could not read or store values (the message says what).
    void sourceFailed(const QString& message);
    /// The cursor or the selected cells changed.
    void selectionChanged();

private:
    bool reject(const QString& message);
    /// The text of a cell that cannot be read now: pending, failed, or
    /// empty once the memory under the view is lost.
    [[nodiscard]] QString unreadText(std::int64_t row, std::int64_t column) const;
    /// The tile holding cell (row, column), if it can be read now; a lazy
    /// source is asked to fetch it otherwise, unless `fetchMissing` is false.
    [[nodiscard]] const arraylens::Tile* tileAt(std::int64_t row, std::int64_t column,
                                                bool fetchMissing = true) const;
    /// Makes `source` the one shown: connects its background work to this document.
    void showSource(std::shared_ptr<arraylens::ArraySource> source);
    /// The cell's current bytes (its element or field), for an undo step;
    /// nothing (and editRejected says why) when it is not fetched.
    [[nodiscard]] std::optional<arraylens::ElementBytes> currentBytes(std::int64_t row, std::int64_t column);
    /// "[3]" or "[3, 7]": the cell as undo labels and messages name it.
    [[nodiscard]] QString cellName(std::int64_t row, std::int64_t column) const;
    /// Adds unmasking the cell to an edit of its value, if it is masked.
    void unmaskWith(WriteCellsCommand& command, std::int64_t row, std::int64_t column) const;
    /// False when the memory was lost (what was just read is not the data);
    /// reports the loss once.
    bool checkMemory() const;

    std::shared_ptr<arraylens::ArrayData> data_;
    arraylens::SliceSpec slice_;
    bool transposed_ = false;
    std::string field_;
    std::shared_ptr<arraylens::ArraySource> source_;
    /// The tile the last cell was read from: painting reads row by row, so
    /// the next cell is usually in it (a buffer's one tile is the whole view).
    mutable std::optional<arraylens::Tile> lastTile_;
    arraylens::CellSelection selection_;
    std::uint64_t viewGeneration_ = 0;
    /// A view starts compact (DisplayOptions::compactView): exact text is
    /// for the editor, the tooltip, copy and export.
    arraylens::DisplayOptions display_ = arraylens::DisplayOptions::compactView();
    QUndoStack undoStack_;
    Releaser releaser_;
    Scheduler scheduler_;
    mutable bool memoryLossReported_ = false;
};
