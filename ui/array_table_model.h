// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/csv_writer.h"

#include <QAbstractTableModel>
#include <QBrush>

#include <cstdint>
#include <optional>
#include <utility>
#include <vector>

class ArrayDocument;
class ColorScaleModel;

/// A QAbstractTableModel over a bounded WINDOW of a document's 2-D view
/// (DESIGN.md decision 7): Qt row `i` is view row `originRow() + i`, Qt
/// column `j` view column `originColumn() + j`. QTableView keeps bookkeeping
/// per row and column, so it must never see the whole of a 10^9-row view; a
/// view (ArrayGridView) sizes the window to its screen and moves the 64-bit
/// origin as the user scrolls. Headers show the true indices along the
/// buffer's axes.
///
/// Zero-copy: no per-cell storage, text comes from the document on demand.
/// Edits go through the document (undoable; invalid text is rejected there
/// with editRejected and nothing is written). The model listens to the
/// document's cellsChanged and viewChanged.
///
/// The window holds min(windowRows(), rows - originRow()) rows (the same for
/// columns): it shrinks when the origin is near the end of the view.
class ArrayTableModel : public QAbstractTableModel {
    Q_OBJECT
public:
    /// The window starts at (0, 0) with room for a typical screen; a view
    /// resizes it with setWindowSize(). `document` must outlive the model.
    explicit ArrayTableModel(ArrayDocument* document, QObject* parent = nullptr);

    [[nodiscard]] ArrayDocument* document() const { return document_; }

    /// The view cell shown at Qt row 0, column 0.
    [[nodiscard]] std::int64_t originRow() const { return originRow_; }
    [[nodiscard]] std::int64_t originColumn() const { return originColumn_; }
    /// The window's capacity (rowCount() is smaller near the end of the view).
    [[nodiscard]] int windowRows() const { return windowRows_; }
    [[nodiscard]] int windowColumns() const { return windowColumns_; }

    /// Changes the capacity; rows and columns are inserted or removed at the
    /// window's end, the origin stays.
    void setWindowSize(int rows, int columns);
    /// Moves the window so that view cell (row, column) is at Qt (0, 0),
    /// clamped to the view. When the row and column counts stay the same this
    /// is dataChanged + headerDataChanged, never a reset; near the end of the
    /// view rows or columns are removed (or inserted back).
    void setOrigin(std::int64_t row, std::int64_t column);

    /// The view row (column) shown at Qt row `section` (column `section`).
    [[nodiscard]] std::int64_t viewRow(int section) const { return originRow_ + section; }
    [[nodiscard]] std::int64_t viewColumn(int section) const { return originColumn_ + section; }
    /// The index showing view cell (row, column); invalid outside the window.
    [[nodiscard]] QModelIndex indexOfCell(std::int64_t row, std::int64_t column) const;
    /// The part of `range` inside the window, as Qt rows and columns; false when none is.
    [[nodiscard]] bool windowPart(const arraylens::CellRange& range, QModelIndex& topLeft,
                                  QModelIndex& bottomRight) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    /// What a cell of the window shows, as CellDelegate paints it.
    struct ShownCell {
        enum class Check : std::uint8_t { None, Unchecked, Checked };
        QString text;     ///< display text (a placeholder while not fetched)
        QBrush background; ///< Qt::NoBrush for the view's own
        /// The value as a number (complex: magnitude), for the heat map,
        /// which colours it when painting: a new range or colormap repaints
        /// without formatting again. Read only while the heat map is on.
        std::optional<double> value;
        Check check = Check::None;
        bool alignLeft = false; ///< text reads from the left, numbers line up on the right
    };
    /// Qt cell (row, column) of the window, formatted once for each place
    /// of the window (DESIGN.md decision 13: the grid measures column widths
    /// and paints from the same text): the origin moving, cells changing
    /// value or the view changing make it format again.
    [[nodiscard]] const ShownCell& shownCell(int row, int column) const;

    /// Colours cells by value with `scale` while its heat map is on; null:
    /// never. The scale must outlive the model (or be set to null first).
    void setColorScale(const ColorScaleModel* scale);
    [[nodiscard]] const ColorScaleModel* colorScale() const { return colorScale_; }
    /// The heat map's colour of the cell, when the heat map is on and the
    /// cell has a numeric value.
    [[nodiscard]] std::optional<QRgb> heatColor(const ShownCell& cell) const;
    /// The least and greatest finite value in the window's first `rows` rows
    /// and `columns` columns (those on screen; nothing when none is
    /// numeric, or the heat map is off): the heat map's range in its
    /// visible-window mode.
    [[nodiscard]] std::optional<std::pair<double, double>> windowRange(int rows, int columns) const;

Q_SIGNALS:
    /// The origin moved (emitted after the data and header changes).
    void originChanged();

private:
    void onCellsChanged(const arraylens::CellRange& range);
    void onViewChanged();
    [[nodiscard]] int fittingRows(std::int64_t origin) const;
    [[nodiscard]] int fittingColumns(std::int64_t origin) const;
    void resizeRows(int count);
    void resizeColumns(int count);

    ArrayDocument* document_;
    std::int64_t originRow_ = 0;
    std::int64_t originColumn_ = 0;
    int windowRows_ = 64;
    int windowColumns_ = 32;
    // What Qt was last told, kept apart from the capacity so that rowCount()
    // stays right between begin/end of an insertion or removal.
    int rowCount_ = 0;
    int columnCount_ = 0;
    /// Masked cells' background, made once: data() runs for every painted cell.
    QBrush maskedBackground_;
    const ColorScaleModel* colorScale_ = nullptr;
    QMetaObject::Connection colorScaleChanged_;
    /// shownCell() reads each cell's value (ShownCell::value): the heat map is on.
    bool valuesKept_ = false;
    void onColorScaleChanged();
    /// shownCell()'s memory: one entry per cell of the window's capacity
    /// (row-major), valid while its stamp equals shownGeneration_.
    mutable std::vector<ShownCell> shown_;
    mutable std::vector<std::uint64_t> shownStamps_;
    std::uint64_t shownGeneration_ = 1;
    /// Forgets every shownCell() (the next paint formats again).
    void forgetShownCells() { ++shownGeneration_; }
};
