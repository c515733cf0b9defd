// SPDX-License-Identifier: MIT
// libFuzzer target: the NumPy slice text parser and its resolution against a
// shape. Input: one byte of dimensions, one byte per extent, then the text.
// Any text parses or throws SliceError; a resolved selection never points
// outside the shape; toString() parses back to the same selection.
#include "core/errors.h"
#include "core/slice_spec.h"

#include <cstdlib>
#include <vector>

using namespace arraylens;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1)
        return 0;
    const std::size_t dimensions = data[0] % 6;
    if (size < 1 + dimensions)
        return 0;
    std::vector<std::int64_t> shape;
    for (std::size_t k = 0; k < dimensions; ++k)
        shape.push_back(data[1 + k] % 9);
    const std::string_view text(reinterpret_cast<const char*>(data + 1 + dimensions), size - 1 - dimensions);
    SliceSpec spec;
    try {
        spec = SliceSpec::parse(text);
    } catch (const SliceError&) {
        return 0;
    }
    try {
        const std::vector<AxisSelection> axes = spec.resolve(shape);
        if (axes.size() != shape.size())
            std::abort();
        for (std::size_t k = 0; k < axes.size(); ++k) {
            const AxisSelection& axis = axes[k];
            if (axis.count < 0 || (axis.fixed && axis.count != 1))
                std::abort();
            if (axis.count > 0) {
                const std::int64_t last = axis.indexAt(axis.count - 1);
                if (axis.start < 0 || axis.start >= shape[k] || last < 0 || last >= shape[k])
                    std::abort();
            }
        }
        const std::vector<AxisSelection> again = SliceSpec::parse(spec.toString()).resolve(shape);
        for (std::size_t k = 0; k < axes.size(); ++k)
            if (again[k].fixed != axes[k].fixed || again[k].start != axes[k].start ||
                again[k].count != axes[k].count || (axes[k].count > 1 && again[k].step != axes[k].step))
                std::abort();
    } catch (const SliceError&) {
    }
    return 0;
}
