// SPDX-License-Identifier: MIT
#include "core/plane_sampler.h"

#include "core/access_advice.h"
#include "core/element_codec.h"
#include "core/errors.h"
#include "core/tuple_text.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

namespace arraylens {

namespace {

std::int64_t ceilDiv(std::int64_t a, std::int64_t b)
{
    return (a + b - 1) / b;
}

/// The selection that keeps every step-th of `count` elements of `axis`
/// from element `first` on.
AxisSelection stepped(const AxisSelection& axis, std::int64_t first, std::int64_t count, std::int64_t step)
{
    return AxisSelection{false, axis.start + first * axis.step, ceilDiv(count, step), axis.step * step};
}

/// The basic index that selects `axes` (one entry per array axis).
SliceSpec sliceOf(const std::vector<AxisSelection>& axes)
{
    std::vector<SliceSpec::Item> items;
    for (const AxisSelection& axis : axes) {
        SliceSpec::Item item;
        if (axis.fixed) {
            item.kind = SliceSpec::Item::Kind::Index;
            item.index = axis.start;
        } else {
            item.kind = SliceSpec::Item::Kind::Range;
            item.start = axis.start;
            item.step = axis.step;
            const std::int64_t stop = axis.start + axis.count * axis.step;
            if (stop >= 0) // a negative stop would count from the end: past the first element is "none"
                item.stop = stop;
        }
        items.push_back(item);
    }
    return SliceSpec(std::move(items));
}

/// Whether `address` lies in a mapping of a file (a memmap) rather than in
/// anonymous memory, by /proc/self/maps; true when that cannot be read.
bool isInMappedFile(const void* address)
{
    std::FILE* maps = std::fopen("/proc/self/maps", "re");
    if (!maps)
        return true;
    const auto at = reinterpret_cast<std::uintptr_t>(address);
    bool file = true;
    char line[4096];
    while (std::fgets(line, sizeof line, maps)) {
        unsigned long long start = 0, end = 0, inode = 0;
        if (std::sscanf(line, "%llx-%llx %*s %*s %*s %llu", &start, &end, &inode) != 3 || at < start || at >= end)
            continue;
        file = inode != 0; // 0: anonymous ([heap], malloc's mmap, shared memory without a file)
        break;
    }
    std::fclose(maps);
    return file;
}

} // namespace

PlaneSampler::PlaneSampler(std::shared_ptr<const ArrayData> array, const SliceSpec& slice, bool transposed,
                           const std::string& field)
    : PlaneSampler(std::move(array), std::vector<SliceSpec>{slice}, transposed, field, 1.0)
{
}

PlaneSampler::PlaneSampler(std::shared_ptr<const ArrayData> array, std::vector<SliceSpec> channelSlices,
                           bool transposed, std::string field, double channelDivisor)
    : array_(std::move(array)), channelSlices_(std::move(channelSlices)), transposed_(transposed),
      field_(std::move(field)), channelDivisor_(channelDivisor)
{
    if (array_->dimensions() == 0)
        throw SliceError("the result is 0-dimensional (a single " + array_->elementType().name +
                         "): there is no plane to draw");
    for (const SliceSpec& slice : channelSlices_) {
        const std::shared_ptr<ArraySource> plane = array_->makeSource(slice, transposed_, field_);
        const StridedView& geometry = plane->geometry();
        if (geometry.keptDimensions() == 0)
            throw SliceError("the slice '" + slice.toString() + "' selects a single element: choose a plane, e.g. '" +
                             SliceSpec::planeExample(static_cast<std::size_t>(array_->dimensions())) + "'");
        for (std::int64_t c = 0; c < std::min(plane->cols(), geometry.columnPeriod()); ++c) {
            const ElementType& type = plane->columnType(c);
            if (!type.isNumeric() || !type.codec || array_->readsAsText())
                throw Error("column " + plane->columnHeader(c) + " holds " +
                            (array_->readsAsText() ? std::string("Python objects (shown as text)") : type.name) +
                            ", not numbers: only numbers (bool, integers, floats, complex by magnitude) have colours" +
                            (array_->elementType().isRecord() ? "; choose a numeric field" : ""));
        }
        channelAxes_.push_back(geometry.axes());
        rowAxis_ = geometry.rowAxis();
        columnAxis_ = geometry.colAxis();
        rows_ = plane->rows();
        columns_ = plane->cols();
        // A lazy source's geometry (zero strides) says nothing: its itemsize then.
        const std::int64_t stride = plane->cols() > 1 && !plane->isLazy()
                                        ? std::abs(geometry.pointer(0, 1) - geometry.pointer(0, 0))
                                        : 0;
        columnStrideBytes_ = stride > 0 ? stride : std::max(1, plane->columnType(0).itemSize);
        fileBacked_ = plane->isLazy() || isInMappedFile(geometry.pointer(0, 0));
    }
    if (rows_ == 0 || columns_ == 0)
        throw SliceError("the view is empty (" + std::to_string(rows_) + " × " + std::to_string(columns_) +
                         " cells): there is nothing to draw");
}

int PlaneSampler::colorChannels(const ArrayData& array)
{
    const auto& shape = array.shape();
    if (shape.size() != 3 || (shape[2] != 3 && shape[2] != 4) || array.readsAsText())
        return 0;
    const ElementType& type = array.elementType();
    const bool bytes = type.kind == ElementKind::UnsignedInteger && type.itemSize == 1;
    return bytes || type.kind == ElementKind::Float ? static_cast<int>(shape[2]) : 0;
}

PlaneSampler PlaneSampler::forColorImage(std::shared_ptr<const ArrayData> array)
{
    const int channels = colorChannels(*array);
    if (channels == 0)
        throw Error("an RGB(A) picture is an (H, W, 3) or (H, W, 4) array of uint8 or floats, not " +
                    array->elementType().name + " " + tupleText(array->shape()));
    std::vector<SliceSpec> slices;
    for (int k = 0; k < channels; ++k)
        slices.push_back(SliceSpec::parse(":,:," + std::to_string(k)));
    const double divisor = array->elementType().kind == ElementKind::Float ? 1.0 : 255.0;
    return PlaneSampler(std::move(array), std::move(slices), false, {}, divisor);
}

std::int64_t PlaneSampler::rowLabel(std::int64_t r) const
{
    if (rowAxis_ < 0)
        return r;
    return channelAxes_.front()[static_cast<std::size_t>(rowAxis_)].indexAt(r);
}

std::int64_t PlaneSampler::columnLabel(std::int64_t c) const
{
    if (columnAxis_ < 0)
        return c;
    return channelAxes_.front()[static_cast<std::size_t>(columnAxis_)].indexAt(c);
}

PlaneSampler::Steps PlaneSampler::stepsToFit(std::int64_t rows, std::int64_t columns, std::int64_t maxSide)
{
    maxSide = std::max<std::int64_t>(1, maxSide);
    const std::int64_t step = ceilDiv(std::max({rows, columns, std::int64_t{1}}), maxSide);
    // A side shorter than kMinSampledSide after that step takes a smaller one.
    const auto sideStep = [&](std::int64_t count) {
        const std::int64_t floorStep = std::max<std::int64_t>(1, count / kMinSampledSide);
        return std::min(step, std::max(floorStep, ceilDiv(count, maxSide)));
    };
    return Steps{sideStep(rows), sideStep(columns)};
}

std::int64_t PlaneSampler::pagesSpanned(const CellRange& region, Steps steps) const
{
    constexpr std::int64_t kPageBytes = 4096;
    if (!fileBacked_)
        return 0;
    const std::int64_t sampleRows = ceilDiv(region.rowCount, std::max<std::int64_t>(1, steps.rows));
    const std::int64_t sampleColumns = ceilDiv(region.columnCount, std::max<std::int64_t>(1, steps.columns));
    const std::int64_t rowPages = ceilDiv(region.columnCount * columnStrideBytes_, kPageBytes);
    return sampleRows * std::max<std::int64_t>(1, std::min(sampleColumns, rowPages));
}

PlaneSampler::Steps PlaneSampler::stepsWithin(const CellRange& region, std::int64_t maxSide,
                                              std::int64_t pageBudget) const
{
    Steps steps = stepsToFit(region.rowCount, region.columnCount, maxSide);
    // Shrink by a tenth at a time: a few dozen rounds at most.
    while (maxSide > kMinSampledSide && pagesSpanned(region, steps) > pageBudget) {
        maxSide = std::max(kMinSampledSide, maxSide * 9 / 10);
        steps = stepsToFit(region.rowCount, region.columnCount, maxSide);
    }
    return steps;
}

SliceSpec PlaneSampler::steppedSlice(std::size_t channel, const CellRange& region, Steps steps) const
{
    std::vector<AxisSelection> axes = channelAxes_[channel];
    if (rowAxis_ >= 0) {
        auto& axis = axes[static_cast<std::size_t>(rowAxis_)];
        axis = stepped(axis, region.firstRow, region.rowCount, steps.rows);
    }
    if (columnAxis_ >= 0) {
        auto& axis = axes[static_cast<std::size_t>(columnAxis_)];
        axis = stepped(axis, region.firstColumn, region.columnCount, steps.columns);
    }
    return sliceOf(axes);
}

PlaneSamples PlaneSampler::read(const CellRange& wanted, Steps steps, const std::atomic<bool>* cancelled,
                                const std::function<void(double)>& progress) const
{
    // The region, inside the plane.
    CellRange region = wanted;
    region.firstRow = std::clamp<std::int64_t>(region.firstRow, 0, rows_ - 1);
    region.firstColumn = std::clamp<std::int64_t>(region.firstColumn, 0, columns_ - 1);
    region.rowCount = std::clamp<std::int64_t>(region.rowCount, 1, rows_ - region.firstRow);
    region.columnCount = std::clamp<std::int64_t>(region.columnCount, 1, columns_ - region.firstColumn);
    if (rowAxis_ < 0) // no axis to step along (one row)
        steps.rows = 1;
    if (columnAxis_ < 0) // one column, or a record's fields
        steps.columns = 1;
    steps.rows = std::max<std::int64_t>(1, steps.rows);
    steps.columns = std::max<std::int64_t>(1, steps.columns);

    PlaneSamples samples;
    samples.region = region;
    samples.rowStep = steps.rows;
    samples.columnStep = steps.columns;
    samples.channels = channels();
    const std::int64_t sampleRows = ceilDiv(region.rowCount, steps.rows);
    const std::int64_t sampleColumns = columnAxis_ < 0 ? region.columnCount : ceilDiv(region.columnCount, steps.columns);
    samples.values.assign(static_cast<std::size_t>(sampleRows * sampleColumns * samples.channels),
                          std::numeric_limits<double>::quiet_NaN());

    double low = std::numeric_limits<double>::infinity();
    double high = -std::numeric_limits<double>::infinity();
    const std::int64_t totalRows = sampleRows * samples.channels;
    std::int64_t rowsDone = 0;
    for (std::size_t channel = 0; channel < channelSlices_.size(); ++channel) {
        std::shared_ptr<ArraySource> source;
        if (columnAxis_ < 0) {
            // Columns are fields (or the one column): step the rows only, and
            // read the region's columns from the source's tiles.
            std::vector<AxisSelection> axes = channelAxes_[channel];
            if (rowAxis_ >= 0)
                axes[static_cast<std::size_t>(rowAxis_)] = stepped(axes[static_cast<std::size_t>(rowAxis_)],
                                                                  region.firstRow, region.rowCount, steps.rows);
            source = array_->makeSource(sliceOf(axes), transposed_, field_);
        } else {
            source = array_->makeSource(steppedSlice(channel, region, steps), transposed_, field_);
        }
        const std::int64_t firstColumn = columnAxis_ < 0 ? region.firstColumn : 0;
        if (source->rows() != sampleRows || source->cols() - firstColumn < sampleColumns)
            throw Error("the sampled plane is " + std::to_string(source->rows()) + " × " +
                        std::to_string(source->cols()) + ", not the " + std::to_string(sampleRows) + " × " +
                        std::to_string(sampleColumns) + " asked for");
        const std::int64_t period = std::max<std::int64_t>(1, source->geometry().columnPeriod());
        std::vector<const ElementCodec*> codecs;
        for (std::int64_t c = 0; c < period && c < source->cols(); ++c)
            codecs.push_back(source->columnType(c).codec.get());
        // Bands of about 64 Ki values, in whole blocks of a lazy source.
        const std::int64_t preferred = std::max<std::int64_t>(1, source->preferredTileRows());
        const std::int64_t band =
            std::max(preferred, ceilDiv(std::int64_t{1} << 16, sampleColumns) / preferred * preferred);
        const bool masked = source->hasMask();
        // A memmap is sampled a row in many: no readahead around each row.
        std::optional<RandomAccessAdvice> advice;
        if (fileBacked_ && !source->isLazy())
            if (const std::optional<Tile> whole = source->tryTile(CellRange{0, sampleRows, 0, source->cols()})) {
                const std::int64_t lastRow = sampleRows - 1, lastColumn = source->cols() - 1;
                const auto corners = {whole->pointer(0, 0), whole->pointer(lastRow, 0),
                                      whole->pointer(0, lastColumn), whole->pointer(lastRow, lastColumn)};
                advice.emplace(std::min(corners), std::max(corners) + (source->columnType(lastColumn).itemSize - 1));
            }
        for (std::int64_t r0 = 0; r0 < sampleRows; r0 += band) {
            if (cancelled && cancelled->load(std::memory_order_relaxed)) {
                samples.rows = samples.columns = 0;
                samples.values.clear();
                return samples;
            }
            const std::int64_t n = std::min(band, sampleRows - r0);
            const Tile tile = source->tile(CellRange{r0, n, firstColumn, sampleColumns});
            for (std::int64_t r = r0; r < r0 + n; ++r) {
                double* out = samples.values.data() + (r * sampleColumns) * samples.channels + channel;
                for (std::int64_t j = 0; j < sampleColumns; ++j, out += samples.channels) {
                    const std::int64_t c = firstColumn + j;
                    if (masked && tile.isMasked(r, c))
                        continue; // stays NaN
                    const std::optional<double> value =
                        codecs[static_cast<std::size_t>(period == 1 ? 0 : c % period)]->toDouble(tile.pointer(r, c));
                    const double read = value ? *value : std::numeric_limits<double>::quiet_NaN();
                    const double v = channelDivisor_ == 1.0 ? read : read / channelDivisor_;
                    *out = v;
                    if (std::isfinite(v)) {
                        low = std::min(low, v);
                        high = std::max(high, v);
                    }
                }
            }
            rowsDone += n;
            if (progress)
                progress(static_cast<double>(rowsDone) / static_cast<double>(totalRows));
        }
    }
    samples.rows = sampleRows;
    samples.columns = sampleColumns;
    if (low <= high) {
        samples.minimum = low;
        samples.maximum = high;
    }
    return samples;
}

RgbaImage PlaneSampler::toImage(const PlaneSamples& samples, const ColorScale& scale)
{
    RgbaImage image;
    image.width = samples.columns;
    image.height = samples.rows;
    image.pixels.resize(static_cast<std::size_t>(image.width * image.height));
    const std::size_t count = image.pixels.size();
    if (samples.channels == 1) {
        for (std::size_t i = 0; i < count; ++i)
            image.pixels[i] = scale.color(samples.values[i]);
        return image;
    }
    // Channels 0..1 onto bytes, rounded; NaN as 0, as matplotlib clips.
    const auto byte = [](double v) {
        return static_cast<std::uint8_t>(v > 0.0 ? (v >= 1.0 ? 255 : std::lround(v * 255.0)) : 0);
    };
    const auto channels = static_cast<std::size_t>(samples.channels);
    for (std::size_t i = 0; i < count; ++i) {
        const double* v = samples.values.data() + i * channels;
        image.pixels[i] = Rgba{byte(v[0]), byte(v[1]), byte(v[2]), channels == 4 ? byte(v[3]) : std::uint8_t{255}};
    }
    return image;
}

} // namespace arraylens
