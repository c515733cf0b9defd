// SPDX-License-Identifier: MIT
#pragma once

#include "core/cell_range.h"

#include <cstdint>
#include <vector>

namespace arraylens {

class StridedView;

/// The memory pages a range of a view's cells lies on, and whether they are
/// in memory now (DESIGN.md decision 13: the GUI thread never takes a page
/// fault). A memmap's page that is not resident costs a read from disk when
/// touched: milliseconds, hundreds under memory pressure. The grid asks
/// resident() (mincore, no fault) before reading a range on the GUI thread,
/// and has touch() run on a worker when the answer is no.
class PageSet {
public:
    /// The pages of `range`'s cells (each cell's whole element). Reads the
    /// view's geometry, never its values (but a PIL-style view's pointer
    /// tables: those are in memory).
    PageSet(const StridedView& view, const CellRange& range);

    [[nodiscard]] bool empty() const { return pages_.empty(); }
    [[nodiscard]] std::size_t size() const { return pages_.size(); }
    /// True when every page is resident (mincore); false when one is not or
    /// the kernel cannot say.
    [[nodiscard]] bool resident() const;
    /// Reads a byte of every page, faulting it in.
    void touch() const;

    [[nodiscard]] static std::uintptr_t pageSize();

private:
    std::vector<std::uintptr_t> pages_; ///< page addresses, ascending, each once
};

} // namespace arraylens
