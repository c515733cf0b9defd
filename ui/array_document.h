// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/cell_codec.h"
#include "core/csv_writer.h"
#include "core/slice_spec.h"
#include "core/strided_view.h"

#include <QObject>
#include <QString>
#include <QUndoStack>

#include <functional>

class WriteCellsCommand;
#include <memory>
#include <string>

/// One open result: the exported buffer, the slice through it that is on
/// screen, the display options and the undo stack of its edits. Models and
/// widgets listen to it; every change to the buffer's memory goes through it
/// (as undo commands), in view coordinates (row, column of the 2-D view).
///
/// Reading cells needs no GIL: the export pins the memory (DESIGN.md 6).
class ArrayDocument : public QObject {
    Q_OBJECT
public:
    /// Where the buffer goes when the document is done with it (the Python
    /// worker: releasing an export takes the GIL). Null: released in place.
    using BufferReleaser = std::function<void(std::shared_ptr<arraylens::PyBuffer>)>;

    ArrayDocument(std::shared_ptr<arraylens::PyBuffer> buffer, BufferReleaser releaser = {}, QObject* parent = nullptr);
    ~ArrayDocument() override;

    [[nodiscard]] const std::shared_ptr<arraylens::PyBuffer>& buffer() const { return buffer_; }
    [[nodiscard]] const arraylens::StridedView& view() const { return view_; }

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

    [[nodiscard]] const arraylens::DisplayOptions& displayOptions() const { return display_; }
    void setDisplayOptions(const arraylens::DisplayOptions& options);

    /// Text as shown (display options applied) and as edited (exact).
    [[nodiscard]] QString displayText(std::int64_t row, std::int64_t column) const;
    [[nodiscard]] QString exactText(std::int64_t row, std::int64_t column) const;
    /// Whether any column's cells are bool (the grid makes room for check boxes).
    [[nodiscard]] bool isBool() const;
    /// Whether column's cells are bool (shown as check boxes).
    [[nodiscard]] bool isBool(std::int64_t column) const;
    /// Masked arrays: whether the cell is masked (shown empty and greyed).
    [[nodiscard]] bool isMasked(std::int64_t row, std::int64_t column) const;
    [[nodiscard]] bool hasMask() const { return view_.hasMask(); }
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

    /// Parses text into the cell as one undo step. On invalid input nothing
    /// is written, editRejected says why and false comes back.
    bool setCellText(std::int64_t row, std::int64_t column, const QString& text);
    /// Pastes tab-separated text with its top-left cell at `target`'s; one
    /// value fills the whole target range. All cells are validated first:
    /// all are written (one undo step) or none.
    bool paste(const arraylens::CellRange& target, const QString& text);
    /// The range as tab-separated exact text, one line per row.
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

Q_SIGNALS:
    /// Cells changed value (view coordinates).
    void cellsChanged(const arraylens::CellRange& range);
    /// Everything may have changed: slice, shape, display options.
    void viewChanged();
    void editRejected(const QString& message);
    /// The memory under the view was lost (emitted once, queued).
    void memoryLost();

private:
    bool reject(const QString& message);
    /// Adds unmasking the cell to an edit of its value, if it is masked.
    void unmaskWith(WriteCellsCommand& command, std::int64_t row, std::int64_t column) const;
    /// False when the memory was lost (what was just read is not the data);
    /// reports the loss once.
    bool checkMemory() const;

    std::shared_ptr<arraylens::PyBuffer> buffer_;
    arraylens::SliceSpec slice_;
    bool transposed_ = false;
    std::string field_;
    arraylens::StridedView view_;
    std::uint64_t viewGeneration_ = 0;
    arraylens::DisplayOptions display_;
    QUndoStack undoStack_;
    BufferReleaser releaser_;
    mutable bool memoryLossReported_ = false;
};
