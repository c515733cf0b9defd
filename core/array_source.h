// SPDX-License-Identifier: MIT
#pragma once

// The source seam (DESIGN.md decision 12): what the document, the CSV
// export and the command line read cells from, whether the values lie in
// one pinned block of memory (BufferSource, zero-copy) or must be fetched
// window by window from a Python object. Readers ask for a rectangle of
// cells and get a Tile: memory they can read with no GIL, laid out as a
// strided view. A source that has not fetched a range yet says so instead of
// making the caller wait (tryTile), so painting never waits on Python.
//
// tests/test_source_contract.cpp holds the contract every source keeps.

#include "core/cell_range.h"
#include "core/element_type.h"
#include "core/strided_view.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace arraylens {

/// Cells of a source that can be read now, without Python: source cell
/// (r, c) of `range` is cell (r - originRow, c - originColumn) of `view`.
class Tile {
public:
    Tile(CellRange range, std::shared_ptr<const StridedView> view, std::int64_t originRow, std::int64_t originColumn)
        : range_(range), view_(std::move(view)), originRow_(originRow), originColumn_(originColumn)
    {
    }

    /// The cells the tile holds (at least those asked for).
    [[nodiscard]] const CellRange& range() const { return range_; }
    [[nodiscard]] bool contains(std::int64_t r, std::int64_t c) const
    {
        return r >= range_.firstRow && r < range_.firstRow + range_.rowCount && c >= range_.firstColumn &&
               c < range_.firstColumn + range_.columnCount;
    }
    /// The element (or record field) of source cell (r, c); no bounds check.
    [[nodiscard]] const std::byte* pointer(std::int64_t r, std::int64_t c) const
    {
        return view_->pointer(r - originRow_, c - originColumn_);
    }
    [[nodiscard]] const ElementType& columnType(std::int64_t c) const { return view_->columnType(c - originColumn_); }
    [[nodiscard]] bool isMasked(std::int64_t r, std::int64_t c) const
    {
        return view_->isMasked(r - originRow_, c - originColumn_);
    }
    /// The view the tile reads (its memory stays valid while the tile lives),
    /// and where source cell (0, 0) would be in it.
    [[nodiscard]] const StridedView& view() const { return *view_; }
    [[nodiscard]] std::int64_t originRow() const { return originRow_; }
    [[nodiscard]] std::int64_t originColumn() const { return originColumn_; }

private:
    CellRange range_;
    std::shared_ptr<const StridedView> view_;
    std::int64_t originRow_;
    std::int64_t originColumn_;
};

/// A 2-D grid of typed cells with headers, read in tiles and written cell
/// by cell. Shape, types and headers answer at once, on any thread.
class ArraySource {
public:
    virtual ~ArraySource() = default;

    /// Where a lazy source's Python work runs, and who hears what it did.
    struct Hooks {
        /// Runs a job on the Python thread (in order; each job takes the GIL).
        std::function<void(std::function<void()>)> schedule;
        /// Cells became readable (or changed): called on the Python thread.
        std::function<void(const CellRange&)> fetched;
        /// A fetch or a store failed: called on the Python thread.
        std::function<void(const std::string&)> failed;
    };
    /// Installs the hooks (empty ones remove them: no hook is called after
    /// this returns). A source that reads in place has no work to run and
    /// ignores them.
    virtual void setHooks(Hooks /*hooks*/) {}

    [[nodiscard]] virtual std::int64_t rows() const = 0;
    [[nodiscard]] virtual std::int64_t cols() const = 0;
    /// The element type of column c's cells.
    [[nodiscard]] virtual const ElementType& columnType(std::int64_t c) const = 0;
    /// Column c's header: its true index, or its record field's name.
    [[nodiscard]] virtual std::string columnHeader(std::int64_t c) const = 0;
    /// Row r's label: its true index along the source's row axis.
    [[nodiscard]] virtual std::string rowLabel(std::int64_t r) const = 0;
    /// Python's name of what the cells come from: "numpy.ndarray", "bytes".
    [[nodiscard]] virtual std::string origin() const = 0;
    /// True when cells are fetched from Python on demand rather than read in place.
    [[nodiscard]] virtual bool isLazy() const = 0;

    [[nodiscard]] virtual bool isReadOnly() const = 0;
    /// Why writes are refused; empty when they are not.
    [[nodiscard]] virtual std::string readOnlyReason() const = 0;
    /// Why writes to column c are refused (a table's text column may be,
    /// where its numbers are not); empty when they are not.
    [[nodiscard]] virtual std::string columnReadOnlyReason(std::int64_t /*c*/) const { return readOnlyReason(); }

    /// The tile holding `range` if it can be read now, else nothing (a lazy
    /// source then fetches it in the background). Never waits on Python.
    /// Throws SliceError for a range outside the source.
    [[nodiscard]] virtual std::optional<Tile> tryTile(const CellRange& range) const = 0;
    /// As tryTile(), but a lazy source does not fetch what it lacks: for a
    /// look that must not cost a read (measuring text widths off screen).
    [[nodiscard]] virtual std::optional<Tile> cachedTile(const CellRange& range) const { return tryTile(range); }
    /// How many rows a tile is best read in: a lazy source's block height
    /// (its chunks), so that a reader going down in bands reads each chunk
    /// once rather than once per band; 1 where any band is as good.
    [[nodiscard]] virtual std::int64_t preferredTileRows() const { return 1; }
    /// The tile holding `range`, fetched now if need be (a lazy source runs
    /// Python: call it where waiting is fine, as the export does). Throws
    /// SliceError for a range outside the source, and what fetching throws.
    /// The CSV writer calls it from several threads at once.
    [[nodiscard]] virtual Tile tile(const CellRange& range) = 0;

    /// The cells' geometry as a StridedView: shape, axes, labels, fields,
    /// column types. A lazy source's is a skeleton over no values (every
    /// cell reads as zero): read values through tiles only.
    [[nodiscard]] virtual const StridedView& geometry() const = 0;

    /// Why cell (r, c) could not be fetched; empty when it was or may still be.
    [[nodiscard]] virtual std::string failureAt(std::int64_t /*r*/, std::int64_t /*c*/) const { return {}; }

    /// Masked arrays: whether cells can be masked (tiles say which are).
    [[nodiscard]] virtual bool hasMask() const { return false; }
    /// Why the mask cannot be changed; empty when it can.
    [[nodiscard]] virtual std::string maskReadOnlyReason() const;
    /// Masks or unmasks cell (r, c). Throws BufferAccessError when
    /// maskReadOnlyReason() is not empty, SliceError outside the source.
    virtual void writeMask(std::int64_t r, std::int64_t c, bool masked);

    /// Writes `bytes` (the cell's whole element or field, in its own byte
    /// order, as its codec's parse() makes them) into cell (r, c). Throws
    /// BufferAccessError on a read-only source, SliceError outside it.
    virtual void write(std::int64_t r, std::int64_t c, std::span<const std::byte> bytes) = 0;

protected:
    /// Throws SliceError unless `range` lies inside rows() × cols().
    void requireInside(const CellRange& range) const;
};

} // namespace arraylens
