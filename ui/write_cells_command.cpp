// SPDX-License-Identifier: MIT
#include "ui/write_cells_command.h"

#include "core/errors.h"
#include "ui/array_document.h"

WriteCellsCommand::WriteCellsCommand(ArrayDocument* document, std::shared_ptr<arraylens::ArraySource> source,
                                     arraylens::CellRange range, const QString& text)
    : QUndoCommand(text)
    , document_(document)
    , source_(std::move(source))
    , range_(range)
    , viewGeneration_(document->viewGeneration())
{
}

void WriteCellsCommand::addCell(std::int64_t row, std::int64_t column, std::span<const std::byte> oldBytes,
                                std::span<const std::byte> newBytes)
{
    changes_.push_back(Change{row, column, false, oldBytes_.size(), newBytes.size()});
    oldBytes_.insert(oldBytes_.end(), oldBytes.begin(), oldBytes.end());
    newBytes_.insert(newBytes_.end(), newBytes.begin(), newBytes.end());
}

void WriteCellsCommand::addMask(std::int64_t row, std::int64_t column, bool wasMasked, bool masked)
{
    changes_.push_back(Change{row, column, true, oldBytes_.size(), 1});
    oldBytes_.push_back(std::byte{static_cast<unsigned char>(wasMasked)});
    newBytes_.push_back(std::byte{static_cast<unsigned char>(masked)});
}

void WriteCellsCommand::apply(bool forward)
{
    const std::vector<std::byte>& bytes = forward ? newBytes_ : oldBytes_;
    const auto write = [&](const Change& change) {
        if (change.isMask)
            source_->writeMask(change.row, change.column, bytes[change.offset] != std::byte{0});
        else
            source_->write(change.row, change.column, std::span(bytes).subspan(change.offset, change.size));
    };
    try {
        if (forward)
            for (const Change& change : changes_)
                write(change);
        else
            for (auto change = changes_.rbegin(); change != changes_.rend(); ++change)
                write(*change);
    } catch (const arraylens::Error& error) {
        // The source refused (its memory was lost, a lazy block was dropped):
        // what was written so far stays, and the user is told.
        document_->notifyWriteFailed(QString("%1 could not be %2: %3")
                                         .arg(text(), forward ? "done" : "undone", QString::fromStdString(error.what())));
    }
    document_->notifyCellsWritten(range_, viewGeneration_);
}

void WriteCellsCommand::redo()
{
    apply(true);
}

void WriteCellsCommand::undo()
{
    apply(false);
}
