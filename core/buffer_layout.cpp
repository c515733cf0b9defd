// SPDX-License-Identifier: MIT
#include "core/buffer_layout.h"

#include "core/errors.h"
#include "core/tuple_text.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <limits>

namespace arraylens {

namespace {

std::string number(std::int64_t value)
{
    return std::to_string(value);
}

[[noreturn]] void refuse(const std::string& message)
{
    throw InvalidBufferError(message);
}

std::string addressText(const void* p)
{
    char text[32];
    std::snprintf(text, sizeof text, "0x%" PRIxPTR, reinterpret_cast<std::uintptr_t>(p));
    return text;
}

} // namespace

BufferLayout::BufferLayout(const BufferFields& fields)
    : base_(static_cast<std::byte*>(fields.buf)), len_(fields.len), readOnly_(fields.readOnly)
{
    // ndim first: it bounds every array read below (a lying ndim of 70 once
    // overflowed a 64-entry index on the stack).
    if (fields.ndim < 0)
        refuse("the exporter reports ndim " + number(fields.ndim) + "; a buffer has 0 or more dimensions");
    if (fields.ndim > kMaxDimensions)
        refuse("the exporter reports ndim " + number(fields.ndim) + "; at most " + number(kMaxDimensions) +
               " dimensions are supported");
    // Before anything divides by it or multiplies with it.
    if (fields.itemSize <= 0)
        refuse("the exporter reports itemsize " + number(fields.itemSize) + "; an element takes at least one byte");
    if (fields.len < 0)
        refuse("the exporter reports len " + number(fields.len) + "; a length cannot be negative");
    formatText_ = fields.format ? fields.format : "B";
    // Throws FormatError when the format is not a row of this itemsize, so from
    // here on itemsize is one of the table's sizes.
    type_ = DtypeTable::parse(formatText_, fields.itemSize);
    const std::int64_t itemSize = type_.itemSize;

    const auto n = static_cast<std::size_t>(fields.ndim);
    if (fields.shape) {
        shape_.assign(fields.shape, fields.shape + n);
    } else if (n == 1) {
        // Only with PyBUF_SIMPLE may an exporter omit the shape; the bytes are then the elements.
        if (fields.len % itemSize != 0)
            refuse("the exporter reports no shape and len " + number(fields.len) + ", which is not a multiple of itemsize " +
                   number(itemSize));
        shape_.assign(1, fields.len / itemSize);
    } else if (n > 1) {
        refuse("the exporter reports ndim " + number(fields.ndim) +
               " but no shape; without a shape only 0 or 1 dimensions make sense");
    }
    for (std::size_t k = 0; k < n; ++k)
        if (shape_[k] < 0)
            refuse("shape[" + std::to_string(k) + "] is " + number(shape_[k]) + " in shape " + tupleText(shape_) +
                   "; an extent cannot be negative");

    // Counted as NumPy counts when it makes an array: zero extents aside, the
    // product must fit, in elements and in bytes, whether or not it is empty.
    std::int64_t product = 1;
    bool empty = false;
    for (std::int64_t extent : shape_) {
        if (extent == 0)
            empty = true;
        else if (__builtin_mul_overflow(product, extent, &product))
            refuse("shape " + tupleText(shape_) + " has more elements than fit in 64 bits");
    }
    std::int64_t bytes = 0;
    if (__builtin_mul_overflow(product, itemSize, &bytes))
        refuse("shape " + tupleText(shape_) + " of " + number(itemSize) + "-byte elements has more bytes than fit in 64 bits");
    count_ = empty ? 0 : product;
    if (empty)
        bytes = 0;
    // PEP 3118: len is count × itemsize. Less is a lie that would let a
    // contiguous layout run past the memory; more is harmless (see the header).
    if (fields.len < bytes)
        refuse("the exporter reports len " + number(fields.len) + ", less than the " + number(bytes) + " bytes that shape " +
               tupleText(shape_) + " of " + number(itemSize) + "-byte elements takes");

    if (fields.strides) {
        strides_.assign(fields.strides, fields.strides + n);
    } else {
        // NULL strides means C order (ctypes gives none). Each stride is itemsize
        // times extents already multiplied above (or 0 past an empty axis), so
        // it fits.
        strides_.assign(n, 0);
        std::int64_t stride = itemSize;
        for (std::size_t k = n; k-- > 0;) {
            strides_[k] = stride;
            if (__builtin_mul_overflow(stride, shape_[k], &stride))
                refuse("shape " + tupleText(shape_) + " has more bytes than fit in 64 bits");
        }
    }
    if (fields.suboffsets &&
        std::any_of(fields.suboffsets, fields.suboffsets + n, [](std::int64_t offset) { return offset >= 0; }))
        suboffsets_.assign(fields.suboffsets, fields.suboffsets + n);

    // Every offset an element or a view computes is a sum of i × stride with
    // 0 <= i < extent: bounded by the reaches below and their sums.
    std::int64_t low = 0;
    std::int64_t high = 0;
    bool sumsFit = true;
    for (std::size_t k = 0; k < n; ++k) {
        if (shape_[k] == 0)
            continue;
        std::int64_t reach = 0;
        if (__builtin_mul_overflow(shape_[k] - 1, strides_[k], &reach))
            refuse("strides[" + std::to_string(k) + "] is " + number(strides_[k]) + " over shape[" + std::to_string(k) +
                   "] of " + number(shape_[k]) + ": its byte offsets do not fit in 64 bits");
        if (reach < 0)
            sumsFit = sumsFit && !__builtin_add_overflow(low, reach, &low);
        else
            sumsFit = sumsFit && !__builtin_add_overflow(high, reach, &high);
    }
    if (count_ == 0)
        return;
    if (!base_)
        refuse("the exporter reports buf NULL for " + number(count_) + (count_ == 1 ? " element" : " elements"));
    if (!sumsFit || __builtin_add_overflow(high, itemSize, &high))
        refuse("strides " + tupleText(strides_) + " over shape " + tupleText(shape_) +
               " reach byte offsets that do not fit in 64 bits");
    if (hasSuboffsets())
        return; // offsets after a pointer is followed are from wherever it points
    const auto address = reinterpret_cast<std::uintptr_t>(base_);
    const std::uintptr_t below = 0 - static_cast<std::uintptr_t>(low); // |low|, even for INT64_MIN
    if (address < below ||
        std::numeric_limits<std::uintptr_t>::max() - address < static_cast<std::uintptr_t>(high))
        refuse("strides " + tupleText(strides_) + " over shape " + tupleText(shape_) + " from buf " + addressText(base_) +
               " reach past the ends of the address space");
    lowOffset_ = low;
    highOffset_ = high;
}

bool BufferLayout::isContiguous(bool lastAxisFastest) const
{
    if (hasSuboffsets())
        return false;
    if (count_ == 0)
        return true;
    std::int64_t expected = itemSize();
    const std::size_t n = shape_.size();
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = lastAxisFastest ? n - 1 - i : i;
        if (shape_[k] != 1 && strides_[k] != expected)
            return false;
        expected *= shape_[k]; // at most count × itemsize, checked when built
    }
    return true;
}

const std::byte* BufferLayout::elementPointer(std::span<const std::int64_t> index) const
{
    if (index.size() != shape_.size())
        throw BufferAccessError(BufferAccessError::Reason::Index,
                                "expected " + std::to_string(shape_.size()) + " indices for shape " + tupleText(shape_) +
                                    ", got " + std::to_string(index.size()));
    const std::byte* p = base_;
    for (std::size_t k = 0; k < index.size(); ++k) {
        std::int64_t i = index[k];
        if (i < 0)
            i += shape_[k];
        if (i < 0 || i >= shape_[k])
            throw BufferAccessError(BufferAccessError::Reason::Index,
                                    "index " + std::to_string(index[k]) + " is out of bounds for axis " +
                                        std::to_string(k) + " with size " + std::to_string(shape_[k]));
        p = advance(p, k, i);
    }
    return p;
}

} // namespace arraylens
