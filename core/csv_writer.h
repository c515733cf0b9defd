// SPDX-License-Identifier: MIT
#pragma once

#include "core/cell_range.h"
#include "core/element_codec.h"

#include <cstdint>
#include <functional>
#include <limits>
#include <string_view>

namespace arraylens {

class ArraySource;
class StridedView;

struct CsvOptions {
    char delimiter = ',';
    bool headerRow = false;   ///< the column headers (true indices or field names) as the first line
    bool indexColumn = false; ///< the true row indices as the first column
    DisplayOptions display;   ///< default: shortest round-trip text
};

/// Streams a view (or part of one) as CSV: one line per row, cells as the
/// cell codec writes them, RFC 4180 quoting for a cell that needs it. Rows
/// are formatted in blocks on all cores and handed to the sink in order, so
/// memory stays bounded by a few blocks whatever the array's size.
class CsvWriter {
public:
    /// Receives the text in order; may throw (IoError) to stop the export.
    using Sink = std::function<void(std::string_view)>;
    /// Called after each block with the rows written so far; false cancels.
    using Progress = std::function<bool(std::int64_t rowsWritten)>;

    explicit CsvWriter(CsvOptions options = {}) : options_(options) {}

    /// Writes `range` of the source, reading it tile by tile (a block of rows
    /// at a time). Returns false when progress cancelled. An empty range
    /// writes nothing.
    bool write(ArraySource& source, const CellRange& range, const Sink& sink, const Progress& progress = {}) const;
    /// The same for a view, read through a BufferSource.
    bool write(const StridedView& view, const CellRange& range, const Sink& sink, const Progress& progress = {}) const;
    bool write(const StridedView& view, const Sink& sink, const Progress& progress = {}) const;

private:
    CsvOptions options_;
};

} // namespace arraylens
