// SPDX-License-Identifier: MIT
#pragma once

// Pictures of planes too big to read whole (DESIGN.md: the image view and
// --render). A plane is read at most maxRows × maxColumns values: every
// step-th row and column of a region, through a stepped slice of the array
// (`a[::25, ::25]`), so a buffer is read in place and a lazy array fetches
// only the picked elements. A 100,000 × 100,000 memmap becomes 4,000 × 4,000
// values without a page of the other rows touched.

#include "core/array_data.h"
#include "core/cell_range.h"
#include "core/color_scale.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace arraylens {

/// An RGBA picture, 8 bits a channel, rows top to bottom.
struct RgbaImage {
    std::int64_t width = 0;
    std::int64_t height = 0;
    std::vector<Rgba> pixels; ///< width × height, row-major
    [[nodiscard]] const Rgba& at(std::int64_t x, std::int64_t y) const
    {
        return pixels[static_cast<std::size_t>(y * width + x)];
    }
};

/// The values of a region of a plane, every rowStep-th row and
/// columnStep-th column of it (the first row and column of the region
/// included).
struct PlaneSamples {
    CellRange region;             ///< the plane cells sampled
    std::int64_t rowStep = 1;     ///< plane rows per sample row
    std::int64_t columnStep = 1;  ///< plane columns per sample column
    std::int64_t rows = 0;        ///< sample rows: ceil(region.rowCount / rowStep)
    std::int64_t columns = 0;     ///< sample columns
    /// 1: values (coloured through a ColorScale); 3 or 4: the channels of
    /// an RGB(A) picture, each 0..1 (uint8 channels are divided by 255).
    int channels = 1;
    /// rows × columns × channels, row-major. Masked cells read as NaN,
    /// complex numbers as their magnitude, bool as 0 and 1.
    std::vector<double> values;
    /// The smallest and largest finite value sampled (of any channel, as
    /// stored: uint8 channels divided by 255); NaN when none is finite.
    double minimum = std::numeric_limits<double>::quiet_NaN();
    double maximum = std::numeric_limits<double>::quiet_NaN();

    /// The plane row (column) of sample row i (column j).
    [[nodiscard]] std::int64_t planeRow(std::int64_t i) const { return region.firstRow + i * rowStep; }
    [[nodiscard]] std::int64_t planeColumn(std::int64_t j) const { return region.firstColumn + j * columnStep; }
    [[nodiscard]] double value(std::int64_t i, std::int64_t j, int channel = 0) const
    {
        return values[static_cast<std::size_t>((i * columns + j) * channels + channel)];
    }
    [[nodiscard]] bool hasFiniteRange() const { return minimum == minimum; }
};

class PlaneSampler {
public:
    /// The largest side --render writes; larger planes are sampled down.
    static constexpr std::int64_t kMaxRenderSide = 4096;
    /// What a picture of a file (a memmap, a lazy array) may cost to read,
    /// in 4 KiB pages (1 GiB): every sampled row of a memmap is faulted in
    /// page by page (a float64 row of 100,000 is 196 pages, whichever 4,000
    /// of its elements are read), and that, not the number of values, is
    /// what takes the time: 4,000 rows of a sparse 100,000² float64 memmap
    /// (784,000 pages) took 9.4 s here, even read with MADV_RANDOM
    /// (RandomAccessAdvice). Memory that is no file's is not limited.
    static constexpr std::int64_t kPageBudget = 262144;
    /// Sampling keeps a side at least this long (or as long as it is), so
    /// that a thin plane is not squeezed to a line.
    static constexpr std::int64_t kMinSampledSide = 256;

    /// The plane of `array` that the slice, `transposed` and `field` choose,
    /// as ArrayData::makeSource has it: 1 or 2 kept axes of numbers.
    /// Throws SliceError for a slice or field that does not fit, a 0-d
    /// array, or more than two kept axes; Error for cells that are not
    /// numbers (text, dates, records of several fields, Python objects).
    PlaneSampler(std::shared_ptr<const ArrayData> array, const SliceSpec& slice, bool transposed,
                 const std::string& field);
    /// An RGB(A) picture: an (H, W, 3|4) array (see colorChannels), its
    /// rows and columns the first two axes, its channels the last.
    /// Throws Error when colorChannels(array) is 0.
    [[nodiscard]] static PlaneSampler forColorImage(std::shared_ptr<const ArrayData> array);
    /// 3 or 4 for an array that is a picture by its shape and type: (H, W, 3)
    /// or (H, W, 4) of uint8, or of floats (0..1, as matplotlib reads them); 0
    /// otherwise.
    [[nodiscard]] static int colorChannels(const ArrayData& array);

    /// The plane's extent in cells.
    [[nodiscard]] std::int64_t rows() const { return rows_; }
    [[nodiscard]] std::int64_t columns() const { return columns_; }
    [[nodiscard]] int channels() const { return static_cast<int>(channelSlices_.size()); }
    /// The true index (along its array axis) of plane row r / column c.
    [[nodiscard]] std::int64_t rowLabel(std::int64_t r) const;
    [[nodiscard]] std::int64_t columnLabel(std::int64_t c) const;

    /// The one step for both axes that fits the region in maxSide × maxSide,
    /// each side then lowered so as not to fall under kMinSampledSide
    /// (the aspect ratio holds unless a side would be thinner than that).
    struct Steps {
        std::int64_t rows = 1;
        std::int64_t columns = 1;
    };
    [[nodiscard]] static Steps stepsToFit(std::int64_t rows, std::int64_t columns, std::int64_t maxSide);
    /// The steps for a picture of the region at most maxSide a side whose
    /// sampled rows span at most `pageBudget` pages (see kPageBudget): the
    /// side shrinks until they do, but not under kMinSampledSide.
    [[nodiscard]] Steps stepsWithin(const CellRange& region, std::int64_t maxSide,
                                    std::int64_t pageBudget = kPageBudget) const;
    /// What reading these samples costs, in pages (an estimate from the
    /// strides: sample rows × the pages one sampled row touches); 0 for
    /// memory that no file backs.
    [[nodiscard]] std::int64_t pagesSpanned(const CellRange& region, Steps steps) const;

    /// Reads the samples of `region` (plane cells) with these steps. Reads
    /// a lazy array from this thread (taking the GIL), as an export does.
    /// `cancelled` is polled between bands of rows; a cancelled read
    /// returns what it has with rows == 0. `progress` hears the fraction
    /// done. Throws what reading throws (a lazy fetch's PythonError).
    [[nodiscard]] PlaneSamples read(const CellRange& region, Steps steps,
                                    const std::atomic<bool>* cancelled = nullptr,
                                    const std::function<void(double)>& progress = {}) const;

    /// The samples as a picture: values through `scale`, channels as they are.
    [[nodiscard]] static RgbaImage toImage(const PlaneSamples& samples, const ColorScale& scale);

private:
    PlaneSampler(std::shared_ptr<const ArrayData> array, std::vector<SliceSpec> channelSlices, bool transposed,
                 std::string field, double channelDivisor);
    /// The slice reading every step-th cell of `region` of channel k's plane.
    [[nodiscard]] SliceSpec steppedSlice(std::size_t channel, const CellRange& region, Steps steps) const;

    std::shared_ptr<const ArrayData> array_;
    std::vector<SliceSpec> channelSlices_;
    std::vector<std::vector<AxisSelection>> channelAxes_; ///< each channel's slice, resolved
    bool transposed_ = false;
    std::string field_;
    double channelDivisor_ = 1.0; ///< 255 for uint8 channels
    int rowAxis_ = -1;            ///< the array axis of plane rows (-1: one row)
    int columnAxis_ = -1;         ///< the array axis of plane columns (-1: one column, or fields)
    std::int64_t rows_ = 0;
    std::int64_t columns_ = 0;
    std::int64_t columnStrideBytes_ = 1; ///< bytes between neighbouring columns in memory (itemsize if unknown)
    bool fileBacked_ = true;             ///< read from a file (memmap, lazy array): reads cost page faults
};

} // namespace arraylens
