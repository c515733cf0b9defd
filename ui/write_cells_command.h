// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/csv_writer.h"

#include <QUndoCommand>

#include <cstddef>
#include <memory>
#include <span>
#include <vector>

namespace arraylens {
class PyBuffer;
}
class ArrayDocument;

/// One edit (a cell, a pasted block, a mask toggle): the exact old and new
/// bytes of every element (or record field, or mask byte) it touches, so undo writes back precisely what was there
/// (DESIGN.md decision 8). It keeps the buffer alive, so its element
/// addresses stay valid whatever the view or slice does meanwhile.
class WriteCellsCommand : public QUndoCommand {
public:
    /// `range` (view coordinates) is what to repaint while the document's
    /// view is still the one the edit was made in; `buffer` owns the memory
    /// written (the data, or the mask of a masked array).
    WriteCellsCommand(ArrayDocument* document, std::shared_ptr<arraylens::PyBuffer> buffer, arraylens::CellRange range,
                      const QString& text);

    /// Adds one element: where it lives and the bytes to write there (as
    /// many as its type has). The current bytes are saved as the undo state.
    void addElement(std::byte* address, std::span<const std::byte> newBytes);
    [[nodiscard]] std::size_t elementCount() const { return addresses_.size(); }

    void redo() override;
    void undo() override;

private:
    ArrayDocument* document_;
    std::shared_ptr<arraylens::PyBuffer> buffer_;
    arraylens::CellRange range_;
    std::uint64_t viewGeneration_;
    std::vector<std::byte*> addresses_;
    [[nodiscard]] std::size_t sizeOf(std::size_t i) const;

    std::vector<std::size_t> offsets_; // where element i's bytes start in oldBytes_ and newBytes_
    std::vector<std::byte> oldBytes_;  // every element's bytes, in order
    std::vector<std::byte> newBytes_;
};
