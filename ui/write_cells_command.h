// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/csv_writer.h"

#include <QUndoCommand>

#include <cstddef>
#include <memory>
#include <vector>

namespace arraylens {
class PyBuffer;
}
class ArrayDocument;

/// One edit (a cell, or a pasted block): the exact old and new bytes of every
/// element it touches, so undo writes back precisely what was there
/// (DESIGN.md decision 8). It keeps the buffer alive, so its element
/// addresses stay valid whatever the view or slice does meanwhile.
class WriteCellsCommand : public QUndoCommand {
public:
    /// `range` (view coordinates) is what to repaint while the document's
    /// view is still the one the edit was made in.
    WriteCellsCommand(ArrayDocument* document, std::shared_ptr<arraylens::PyBuffer> buffer, int itemSize,
                      arraylens::CellRange range, const QString& text);

    /// Adds one element: where it lives and the bytes to write there. The
    /// current bytes are saved as the undo state.
    void addElement(std::byte* address, const std::byte* newBytes);
    [[nodiscard]] std::size_t elementCount() const { return addresses_.size(); }

    void redo() override;
    void undo() override;

private:
    ArrayDocument* document_;
    std::shared_ptr<arraylens::PyBuffer> buffer_;
    std::size_t itemSize_;
    arraylens::CellRange range_;
    std::uint64_t viewGeneration_;
    std::vector<std::byte*> addresses_;
    std::vector<std::byte> oldBytes_; // itemSize_ bytes per element, in order
    std::vector<std::byte> newBytes_;
};
