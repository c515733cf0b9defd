// SPDX-License-Identifier: MIT
#include "core/value_scanner.h"

#include "core/array_source.h"
#include "core/cell_memory_lock.h"
#include "core/element_codec.h"
#include "core/errors.h"
#include "core/py_buffer.h"

#include <algorithm>
#include <limits>
#include <vector>

namespace arraylens {

namespace {

/// Cells per tile asked of the source: one Python read of a lazy source
/// covers this many (or its block height), a buffer's tile is free anyway.
constexpr std::int64_t kTileCells = std::int64_t{1} << 20;
/// At most this many cells in a tile stretched to a lazy source's block height.
constexpr std::int64_t kMaxTileCells = std::int64_t{1} << 22;
/// Columns whose types are checked before a scan (see whyNotNumeric).
constexpr std::int64_t kCheckedColumns = 4096;

} // namespace

std::string ValueScanner::whyNotNumeric(const ArraySource& source, const CellRange& range)
{
    // An array's column types repeat with its record fields, a table has
    // few columns: a bounded prefix covers every type there is.
    const std::int64_t checked =
        source.geometry().isUniform() ? std::min<std::int64_t>(range.columnCount, 1)
                                      : std::min<std::int64_t>(range.columnCount, kCheckedColumns);
    for (std::int64_t c = range.firstColumn; c < range.firstColumn + checked; ++c) {
        const ElementType& type = source.columnType(c);
        std::optional<double> probe;
        if (type.isNumeric() && type.codec) {
            const std::vector<std::byte> zero(static_cast<std::size_t>(type.itemSize));
            probe = type.codec->toDouble(zero.data());
        }
        if (!probe)
            return type.name + " values have no numeric reading to plot (column " + source.columnHeader(c) + ")";
    }
    return {};
}

bool ValueScanner::scan(ArraySource& source, const CellRange& range, const Consumer& consumer,
                        const Progress& progress)
{
    if (range.rowCount <= 0 || range.columnCount <= 0)
        return true;
    if (const std::string why = whyNotNumeric(source, range); !why.empty())
        throw Error(why);

    const std::int64_t columns = range.columnCount;
    // A tile is whole rows of the range, or part of one row when a row is long.
    std::int64_t tileRows = std::max<std::int64_t>(1, kTileCells / columns);
    const std::int64_t preferred = source.preferredTileRows();
    if (preferred > tileRows && preferred <= kMaxTileCells / columns)
        tileRows = preferred;
    if (columns > kTileCells)
        tileRows = 1; // a long row is read in pieces, which keeps row-major order only one row at a time
    tileRows = std::min(tileRows, range.rowCount);
    const std::int64_t tileColumns = std::min(columns, kTileCells);

    const bool uniform = source.geometry().isUniform();
    const ElementCodec* uniformCodec = uniform ? source.columnType(range.firstColumn).codec.get() : nullptr;
    const bool masks = source.hasMask();
    constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

    std::vector<double> values(static_cast<std::size_t>(kBandCells));
    std::vector<std::uint8_t> masked(masks ? static_cast<std::size_t>(kBandCells) : 0);
    std::int64_t done = 0;
    for (std::int64_t r0 = range.firstRow; r0 < range.firstRow + range.rowCount; r0 += tileRows) {
        const std::int64_t r1 = std::min(r0 + tileRows, range.firstRow + range.rowCount);
        for (std::int64_t c0 = range.firstColumn; c0 < range.firstColumn + columns; c0 += tileColumns) {
            const std::int64_t c1 = std::min(c0 + tileColumns, range.firstColumn + columns);
            const Tile tile = source.tile(CellRange{r0, r1 - r0, c0, c1 - c0});
            // Bands of at most kBandCells, in row-major order of the tile
            // (which is row-major order of the range: a tile is whole rows,
            // or one row).
            std::int64_t r = r0;
            std::int64_t c = c0;
            // One codec call per stretch of cells equally far apart: along a
            // row, or down a run one column wide. PIL-style suboffsets have no
            // such stretches; each cell is then read on its own.
            const bool affine = uniformCodec && (!tile.view().buffer() || tile.view().buffer()->suboffsets().empty());
            const bool down = affine && c1 - c0 == 1 && r1 - r0 > 1;
            const std::ptrdiff_t rowStep = down ? tile.pointer(r0 + 1, c0) - tile.pointer(r0, c0) : 0;
            const std::ptrdiff_t columnStep = affine && c1 - c0 > 1 ? tile.pointer(r0, c0 + 1) - tile.pointer(r0, c0) : 0;
            while (r < r1) {
                std::size_t filled = 0;
                {
                    const auto lock = cell_memory::lockForReading(); // an edit on the GUI thread waits for this band
                    if (down) {
                        const auto count = static_cast<std::size_t>(std::min<std::int64_t>(r1 - r, kBandCells));
                        uniformCodec->toDoubles(tile.pointer(r, c0), rowStep, count, values.data());
                        if (masks)
                            for (std::size_t k = 0; k < count; ++k) {
                                masked[k] = tile.isMasked(r + static_cast<std::int64_t>(k), c0) ? 1 : 0;
                                if (masked[k])
                                    values[k] = kNaN;
                            }
                        filled = count;
                        r += static_cast<std::int64_t>(count);
                    }
                    while (r < r1 && filled < values.size()) {
                        const std::int64_t stop =
                            std::min<std::int64_t>(c1, c + static_cast<std::int64_t>(values.size() - filled));
                        const std::int64_t first = c;
                        if (affine) {
                            uniformCodec->toDoubles(tile.pointer(r, c), columnStep, static_cast<std::size_t>(stop - c),
                                                    values.data() + filled);
                            filled += static_cast<std::size_t>(stop - c);
                            c = stop;
                        } else {
                            for (; c < stop; ++c)
                                values[filled++] =
                                    tile.columnType(c).codec->toDouble(tile.pointer(r, c)).value_or(kNaN);
                        }
                        if (masks) {
                            // Masks are rare: a pass of their own keeps the plain loop plain.
                            std::size_t k = filled - static_cast<std::size_t>(stop - first);
                            for (std::int64_t m = first; m < stop; ++m, ++k) {
                                masked[k] = tile.isMasked(r, m) ? 1 : 0;
                                if (masked[k])
                                    values[k] = kNaN;
                            }
                        }
                        if (c == c1) {
                            ++r;
                            c = c0;
                        }
                    }
                }
                consumer(done, std::span<const double>(values.data(), filled),
                         std::span<const std::uint8_t>(masked.data(), masks ? filled : 0));
                done += static_cast<std::int64_t>(filled);
                if (progress && !progress(done))
                    return false;
            }
        }
    }
    return true;
}

} // namespace arraylens
