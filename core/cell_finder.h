// SPDX-License-Identifier: MIT
#pragma once

// Find (Ctrl+F, issue 12 item 6): the next cell of a view, in array order,
// whose value meets a condition, searched on worker threads over the whole
// view, with progress and cancel. No Qt: the GUI runs it on a thread of its
// own, tests and benchmarks call it directly.

#include "core/find_condition.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

namespace arraylens {

class ArraySource;
class CellMatcher;

enum class FindDirection { Forward, Backward };

struct FindOptions {
    /// Worker threads; 0: one per core.
    unsigned threads = 0;
    /// Cells per piece of work: a band of whole rows (a lazy source's block
    /// height at least), or a piece of one row when rows are longer.
    std::int64_t chunkCells = std::int64_t{1} << 20;
    /// How often progress is told, in milliseconds.
    int progressIntervalMs = 100;
};

struct FindOutcome {
    enum class Status { Found, NotFound, Cancelled };
    Status status = Status::NotFound;
    std::int64_t row = -1;
    std::int64_t column = -1;
    /// The match lies on the other side of the view's end (its start, going
    /// backward) from where the search began.
    bool wrapped = false;
};

/// Searches a source for cells that meet one condition. Array order is
/// row-major over the view: row by row, each row from its first column.
/// Masked cells never match. Cells are read through ArraySource::tile(), on
/// the worker threads: a buffer in place (a memory-mapped file's pages are
/// faulted in there, never on the caller's thread), a lazy source's blocks
/// fetched from Python (tile() takes the GIL itself, as the CSV export's
/// threads do). The view is cut into pieces taken in search order by the
/// workers; the first match in search order wins, and pieces after a match
/// already found are not read.
class CellFinder {
public:
    /// Called on the thread that runs find(), every progressIntervalMs, with
    /// the share of the view searched (0 to 1); false cancels.
    using Progress = std::function<bool(double fraction)>;

    /// Reads the condition in the type of each of the source's columns.
    /// Throws CellTextError when no column can read it (its message is the
    /// first column's: "'abc' is not a number; float64 cells compare with…");
    /// columns of other types that cannot read it never match.
    CellFinder(const ArraySource& source, FindCondition condition, FindOptions options = {});
    ~CellFinder();

    /// The first matching cell after (row, column) going `direction`, on
    /// from the other end after the last cell (the first, backward); the
    /// cell itself is looked at first when `includeStart`, last otherwise.
    /// Throws what reading the source throws (a lazy fetch that failed, a
    /// memory-mapped file that shrank), and SliceError for a cell outside it.
    [[nodiscard]] FindOutcome find(ArraySource& source, std::int64_t row, std::int64_t column, FindDirection direction,
                                   bool includeStart = false, const Progress& progress = {}) const;

    [[nodiscard]] const FindCondition& condition() const { return condition_; }

private:
    FindCondition condition_;
    FindOptions options_;
    /// One entry per column of a record's period: false when that column's
    /// type could not read the condition.
    std::vector<bool> readable_;
};

} // namespace arraylens
