// SPDX-License-Identifier: MIT
#include "core/cell_range.h"

#include "core/strided_view.h"

namespace arraylens {

CellRange CellRange::whole(const StridedView& view)
{
    return CellRange{0, view.rows(), 0, view.cols()};
}

} // namespace arraylens
