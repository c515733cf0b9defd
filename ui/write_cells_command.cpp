// SPDX-License-Identifier: MIT
#include "ui/write_cells_command.h"

#include "core/cell_memory_lock.h"
#include "ui/array_document.h"

#include <cstring>

WriteCellsCommand::WriteCellsCommand(ArrayDocument* document, std::shared_ptr<arraylens::PyBuffer> buffer,
                                     arraylens::CellRange range, const QString& text)
    : QUndoCommand(text)
    , document_(document)
    , buffer_(std::move(buffer))
    , range_(range)
    , viewGeneration_(document->viewGeneration())
{
}

void WriteCellsCommand::addElement(std::byte* address, std::span<const std::byte> newBytes)
{
    addresses_.push_back(address);
    offsets_.push_back(oldBytes_.size());
    oldBytes_.insert(oldBytes_.end(), address, address + newBytes.size());
    newBytes_.insert(newBytes_.end(), newBytes.begin(), newBytes.end());
}

std::size_t WriteCellsCommand::sizeOf(std::size_t i) const
{
    return (i + 1 < offsets_.size() ? offsets_[i + 1] : oldBytes_.size()) - offsets_[i];
}

void WriteCellsCommand::redo()
{
    // A CSV export may be reading this memory on other threads (cell_memory_lock.h).
    auto lock = arraylens::cell_memory::lockForWriting();
    for (std::size_t i = 0; i < addresses_.size(); ++i)
        std::memcpy(addresses_[i], newBytes_.data() + offsets_[i], sizeOf(i));
    lock.unlock();
    document_->notifyCellsWritten(range_, viewGeneration_);
}

void WriteCellsCommand::undo()
{
    auto lock = arraylens::cell_memory::lockForWriting(); // as in redo()
    // Backwards, so that cells sharing memory (stride 0) end as they began.
    for (std::size_t i = addresses_.size(); i-- > 0;)
        std::memcpy(addresses_[i], oldBytes_.data() + offsets_[i], sizeOf(i));
    lock.unlock();
    document_->notifyCellsWritten(range_, viewGeneration_);
}
