// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/csv_writer.h"

#include <QString>
#include <QWidget>

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>

class ArrayDocument;
class ArrayTableModel;
class CellDelegate;
class ColorScaleModel;
class QHeaderView;
class QKeyEvent;
class QMouseEvent;
class QScrollBar;
class GridTableView;
class QTableView;
class QWheelEvent;

/// The grid that shows a document's 2-D view, whatever its size (DESIGN.md
/// decision 7). A QTableView shows an ArrayTableModel window one screen
/// tall and wide; the grid's own scroll bars span the whole view and move
/// the window's 64-bit origin. The cursor (current cell) and the selection
/// live in view coordinates, never in Qt indices, so keyboard, mouse and
/// scroll bars reach every cell of a 10^9-row memmap, and the Qt selection
/// in the window is derived from them whenever the origin moves.
///
/// Keys (the table has focus): arrows, PageUp/PageDown, Home/End (first and
/// last column; first and last row of a one-column view), Ctrl+Home/Ctrl+End
/// (first and last cell), Ctrl+arrows (edge of the view), Tab/Backtab; Shift
/// extends the selection. Ctrl+A selects all, Ctrl+C copies the selection as
/// TSV, Ctrl+V pastes. F2, a double click or typing edits the current cell
/// (through the model, hence the document's undo stack); typing while the
/// cursor is scrolled away brings it back first. The wheel scrolls (Shift:
/// sideways); a header press selects whole rows or columns of the view.
///
/// Nothing scales with the view's size: column widths fit the text of the
/// rows on screen, the row header the labels on screen.
class ArrayGridView : public QWidget {
    Q_OBJECT
public:
    /// Copy and a one-value paste refuse selections larger than this: the
    /// clipboard text, or the undo step keeping every old value, would grow
    /// with the selection (export a large range to CSV instead).
    static constexpr std::int64_t kMaxClipboardCells = 1'000'000;

    /// `document` must outlive the grid.
    explicit ArrayGridView(ArrayDocument* document, QWidget* parent = nullptr);

    [[nodiscard]] ArrayDocument* document() const { return document_; }
    [[nodiscard]] ArrayTableModel* model() const { return model_; }
    [[nodiscard]] QTableView* tableView() const;

    /// Scrolls as little as needed to show the cell, makes it current and
    /// the whole selection. Clamped to the view.
    void goToCell(std::int64_t row, std::int64_t column);
    /// The current cell (view row, view column); (-1, -1) for an empty view.
    [[nodiscard]] std::pair<std::int64_t, std::int64_t> currentCell() const;
    /// The selected cells in view coordinates (empty for an empty view).
    [[nodiscard]] arraylens::CellRange selection() const;
    void selectAll();
    /// Colours cells by value with `scale` while its heat map is on (null:
    /// never). In the scale's visible-window mode, and in whole-view mode
    /// until the whole view's range is known, the grid sets the range from
    /// the cells on screen whenever they change. `scale` must outlive the grid.
    void setColorScale(ColorScaleModel* scale);
    /// The selection as tab-separated exact text to the clipboard.
    void copySelection();
    /// The clipboard's tab-separated text into the selection (one value
    /// fills it); the document validates all cells before writing any.
    void pasteClipboard();

Q_SIGNALS:
    void currentCellChanged(std::int64_t row, std::int64_t column);
    /// Something the user should read in the status bar (a refused copy).
    void statusMessage(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // Geometry, in view rows and columns.
    void updateWindowSize();
    [[nodiscard]] int viewportWidth() const;
    [[nodiscard]] std::int64_t maxTopRow() const;
    [[nodiscard]] std::int64_t maxLeftColumn(std::int64_t top);
    /// The width a cell needs to show `text` whole: what CellDelegate paints
    /// (the text, the style's margins, a bool's check box), the grid line,
    /// and a character of air between right-aligned numbers.
    [[nodiscard]] int cellWidth(const QString& text, bool checkBox) const;
    /// The width a column header needs to show `label` whole, also when the
    /// column is highlighted (its label is then painted bold).
    [[nodiscard]] int labelWidth(const QString& label) const;
    /// The width that shows the column's label and the text of its rows on
    /// screen from `top` whole; it formats only those cells.
    [[nodiscard]] int measureColumn(std::int64_t column, std::int64_t top);
    /// The column's width for the rows from `top` on screen, at most the
    /// viewport's; with `refit` false a width fitted before is taken as it is.
    [[nodiscard]] int columnWidth(std::int64_t column, std::int64_t top, bool refit);
    /// The first column of the screenful that ends with `column`.
    [[nodiscard]] std::int64_t leftmostShowing(std::int64_t column, std::int64_t top, bool refit);
    [[nodiscard]] bool fullyVisible(std::int64_t column, std::int64_t left, std::int64_t top);

    // Moving the window and the cursor.
    void scrollTo(std::int64_t top, std::int64_t left);
    void ensureVisible(std::int64_t row, std::int64_t column, std::int64_t top, std::int64_t left);
    void moveCursor(std::int64_t row, std::int64_t column, bool extend, bool scroll = true);
    void commitOpenEditor();
    void fitColumns();
    void fitRowHeader();
    /// Sets the colour scale's range from the window, if the scale wants it.
    void updateWindowRange();
    void syncScrollBars();
    void syncQtSelection();
    void onModelReset();
    /// Emits currentCellChanged if the cursor is not where it was last reported.
    void reportCurrentCell();
    void onQtCurrentChanged(const QModelIndex& current);
    void onHeaderPressed(Qt::Orientation orientation, int section, bool extend);

    // Input.
    bool handleKey(QKeyEvent* event);
    bool handleMousePress(QMouseEvent* event);
    bool handleMouseMove(QMouseEvent* event);
    bool handleHeaderMouse(const QHeaderView* header, QMouseEvent* event);
    /// Dragging the line between two column headers sizes the column on its
    /// left by hand; a double click on it fits the column to its text again.
    /// False when the event is not about an edge (a press selects columns).
    bool handleColumnResize(QHeaderView* header, QMouseEvent* event);
    /// The window column whose right edge is at viewport x, or -1.
    [[nodiscard]] int columnEdgeAt(int x) const;
    bool handleWheel(QWheelEvent* event);

    ArrayDocument* document_;
    ArrayTableModel* model_;
    GridTableView* table_;
    CellDelegate* delegate_;
    ColorScaleModel* colorScale_ = nullptr;
    QScrollBar* verticalBar_;
    QScrollBar* horizontalBar_;

    /// The cell currentCellChanged last reported (the document may change
    /// the cursor itself, when a new slice no longer holds it).
    std::pair<std::int64_t, std::int64_t> reportedCell_{-1, -1};

    int fullRows_ = 1;      ///< rows entirely inside the viewport
    int minColumnWidth_ = 24; ///< no column is narrower (an empty cell, a one-digit label)
    int rowLabelDigits_ = 0;
    /// A width fitted to the text of the rows on screen, refitted when those
    /// rows change: it grows and shrinks with the values on screen.
    struct FittedWidth {
        int width = 0;           ///< not capped by the viewport (columnWidth caps it)
        std::int64_t top = -1;   ///< the first row it was fitted to
        int rows = 0;            ///< fullRows_ then
        unsigned generation = 0; ///< widthGeneration_ then
    };
    /// By view column; bounded (cleared when large).
    std::unordered_map<std::int64_t, FittedWidth> columnWidths_;
    /// Widths the user set by dragging a column edge, by view column: they
    /// stay while the view does (a new slice fits its columns again).
    std::unordered_map<std::int64_t, int> handWidths_;
    std::uint64_t handWidthsGeneration_ = 0; ///< the document's viewGeneration() they belong to
    struct ColumnResize {
        std::int64_t column;
        int startX;
        int startWidth;
    };
    std::optional<ColumnResize> resizing_; ///< a column edge being dragged
    unsigned widthGeneration_ = 0; ///< advanced when cell values change
    int airWidth_ = 0; ///< a digit's advance: the room between right-aligned numbers

    bool syncing_ = false;  ///< Qt changes made by the grid itself: not user input
    enum class Drag { None, Cells, Rows, Columns };
    Drag drag_ = Drag::None; ///< what a mouse move with the button held extends
    int wheelRows_ = 0;     ///< wheel angle not yet turned into whole steps
    int wheelColumns_ = 0;
};
