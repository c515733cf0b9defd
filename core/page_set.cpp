// SPDX-License-Identifier: MIT
#include "core/page_set.h"

#include "core/strided_view.h"

#include <algorithm>

#include <sys/mman.h>
#include <unistd.h>

namespace arraylens {

namespace {

// One mincore() call covers pages this close together (gaps included):
// a column-major view's row touches a page per cell, far apart but in order.
constexpr std::uintptr_t kMaxGapPages = 256;

} // namespace

std::uintptr_t PageSet::pageSize()
{
    static const std::uintptr_t size = static_cast<std::uintptr_t>(sysconf(_SC_PAGESIZE));
    return size;
}

PageSet::PageSet(const StridedView& view, const CellRange& range)
{
    const std::uintptr_t mask = ~(pageSize() - 1);
    std::uintptr_t last = 0;
    bool any = false;
    for (std::int64_t r = range.firstRow; r < range.firstRow + range.rowCount; ++r)
        for (std::int64_t c = range.firstColumn; c < range.firstColumn + range.columnCount; ++c) {
            const auto begin = reinterpret_cast<std::uintptr_t>(view.pointer(r, c));
            const auto end = begin + static_cast<std::uintptr_t>(std::max(view.columnType(c).itemSize, 1)) - 1;
            for (std::uintptr_t page = begin & mask; page <= (end & mask); page += pageSize()) {
                // Neighbouring cells share pages: skip the repeat cheaply
                // here, the rest goes when sorting.
                if (any && page == last)
                    continue;
                pages_.push_back(page);
                last = page;
                any = true;
            }
        }
    std::sort(pages_.begin(), pages_.end());
    pages_.erase(std::unique(pages_.begin(), pages_.end()), pages_.end());
}

bool PageSet::resident() const
{
    std::vector<unsigned char> inCore;
    std::size_t i = 0;
    while (i < pages_.size()) {
        // Pages up to kMaxGapPages apart go into one call.
        std::size_t j = i + 1;
        while (j < pages_.size() && pages_[j] - pages_[j - 1] <= kMaxGapPages * pageSize())
            ++j;
        const std::uintptr_t first = pages_[i];
        const std::size_t span = (pages_[j - 1] - first) / pageSize() + 1;
        inCore.resize(span);
        if (mincore(reinterpret_cast<void*>(first), span * pageSize(), inCore.data()) != 0)
            return false; // not mapped as the kernel sees it: let a worker find out
        for (std::size_t k = i; k < j; ++k)
            if ((inCore[(pages_[k] - first) / pageSize()] & 1) == 0)
                return false;
        i = j;
    }
    return true;
}

void PageSet::touch() const
{
    for (const std::uintptr_t page : pages_)
        (void)*reinterpret_cast<const volatile unsigned char*>(page);
}

} // namespace arraylens
