// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/array_source.h"

#include <QUndoCommand>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

class ArrayDocument;

/// One edit (a cell, a pasted block, a mask toggle): the exact old and new
/// bytes of every cell (element or record field) and mask flag it touches,
/// so undo writes back precisely what was there (DESIGN.md decision 8).
/// It writes through the source it was made on (the seam, DESIGN.md 12) and
/// keeps that source alive: its cell coordinates keep meaning the same
/// elements whatever slice the document shows meanwhile.
class WriteCellsCommand : public QUndoCommand {
public:
    /// `range` (view coordinates) is what to repaint while the document's
    /// view is still the one the edit was made in.
    WriteCellsCommand(ArrayDocument* document, std::shared_ptr<arraylens::ArraySource> source,
                      arraylens::CellRange range, const QString& text);

    /// Adds one cell: its bytes now (the undo state) and the bytes to write.
    void addCell(std::int64_t row, std::int64_t column, std::span<const std::byte> oldBytes,
                 std::span<const std::byte> newBytes);
    /// Adds one cell's mask flag.
    void addMask(std::int64_t row, std::int64_t column, bool wasMasked, bool masked);
    [[nodiscard]] std::size_t cellCount() const { return changes_.size(); }

    void redo() override;
    void undo() override;

private:
    struct Change {
        std::int64_t row;
        std::int64_t column;
        bool isMask;        ///< the mask flag, else the value
        std::size_t offset; ///< where the old and new bytes start in oldBytes_ and newBytes_
        std::size_t size;
    };
    /// Writes every change's new (or old) bytes, in order (or backwards, so
    /// that cells sharing memory, stride 0, end as they began).
    void apply(bool forward);

    ArrayDocument* document_;
    std::shared_ptr<arraylens::ArraySource> source_;
    arraylens::CellRange range_;
    std::uint64_t viewGeneration_;
    std::vector<Change> changes_;
    std::vector<std::byte> oldBytes_; // every change's bytes, in order
    std::vector<std::byte> newBytes_;
};
