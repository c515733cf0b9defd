// SPDX-License-Identifier: MIT
// libFuzzer target: arbitrary Py_buffer fields (ndim, shape, strides,
// suboffsets, itemsize, len, format, readonly, buf) through BufferLayout, the
// checks and normalisation PyBuffer::acquire uses, then every element of an
// accepted layout read through BufferLayout::elementPointer and a plane of it
// through PlaneLayout (StridedView's addressing), as the grid and CSV do.
//
// Properties:
//  - BufferLayout accepts exactly the fields an independent restatement of
//    its rules in 128-bit arithmetic accepts (below, `Reference`); refusals
//    are InvalidBufferError or FormatError, never anything else;
//  - an accepted layout without suboffsets is read end to end inside the
//    memory its fields declare, backed by a real allocation of exactly that
//    size so AddressSanitizer sees any byte outside: [buf, buf + len) for a
//    C- or Fortran-contiguous layout (PEP 3118: there len is the block), and
//    the bytes the strides reach, [buf + low, buf + high), for any other (a
//    Py_buffer gives no size for the block behind a view; see BufferLayout);
//    every element and plane cell lands at the address PEP 3118's formula
//    gives, and the layout's extents and contiguity agree with the reference;
//  - with suboffsets the pointers are the exporter's, so where they lead
//    cannot be promised: the fuzzer backs len bytes (at most 1 MiB) whose
//    every 8-byte slot points into that memory, walks PEP 3118's rule itself
//    (PyBuffer_GetPointer) with bounds checks, and for each element whose walk
//    stays inside checks that elementPointer and the plane arrive at the same
//    address and reads it; the others are skipped, not read.
//
// Input, read front to back (missing bytes read as 0):
//   flags u8: 1 shape NULL, 2 strides NULL, 4 suboffsets, 8 format NULL,
//             16 readonly, 32 buf NULL, 64 transpose the plane, 128 raw ndim
//   ndim: raw int32, or u8 b: b < 128 → b % 5, else b − 138 (−10 … 117)
//   itemsize, len: value (below), small ranges 0…33 and 0…4095
//   format u8: < 128 → kFormats[f % size], else f % 8 bytes of text
//   per axis (up to min(ndim, 128) axes): shape, stride, suboffset values,
//             small ranges 0…8, −40…40, −2…16
//   buf offset u16, pointer target u16 (suboffsets only)
//   per axis of the plane: u8 kind (% 4 == 0 an index, else a range),
//             then i8 index, or i8 start, i8 stop, i8 step (0 = none)
//   value: u8 kind; < 240 a small value (u8, or u16 for wide ranges),
//          else INT64_MAX, INT64_MIN, ±2^62, 2^61, 2^32, −1 or a raw int64.
#include "core/buffer_layout.h"
#include "core/cell_codec.h"
#include "core/errors.h"
#include "core/plane_layout.h"
#include "core/slice_spec.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using namespace arraylens;

namespace {

using Wide = __int128;

constexpr std::int64_t kMemoryCap = 1 << 20;  // bytes backed by a real allocation
constexpr std::int64_t kReadCap = 1 << 16;    // elements (cells) read, at most
constexpr std::size_t kArrayCap = 128;        // entries in the shape/strides/suboffsets arrays
constexpr std::int64_t kInt64Max = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kInt64Min = std::numeric_limits<std::int64_t>::min();

constexpr std::array kFormats{"B", "b", "?", "h", "H", "i", "I", "l", "L", "q", "Q", "n", "N", "e", "f", "d", "g",
                              "Zf", "Zd", "Zg", "<i", "<l", ">d", "!h", "=q", "@i", "^d", "<e", ">Zf",
                              "O", "T{i:a:}", "3s", "w", "P", "x", ""};

[[noreturn]] void fail(const char* what)
{
    std::fprintf(stderr, "buffer_fields_fuzzer: %s\n", what);
    std::abort();
}

class Reader {
public:
    Reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}

    std::uint8_t u8() { return at_ < size_ ? data_[at_++] : 0; }
    std::uint16_t u16() { return static_cast<std::uint16_t>(u8() | u8() << 8); }
    std::int8_t i8() { return static_cast<std::int8_t>(u8()); }
    std::uint64_t u64()
    {
        std::uint64_t value = 0;
        for (int i = 0; i < 8; ++i)
            value |= std::uint64_t{u8()} << (8 * i);
        return value;
    }
    std::int32_t i32() { return static_cast<std::int32_t>(static_cast<std::uint32_t>(u16() | u16() << 16)); }

    /// Mostly a value in [lo, hi], sometimes one of the edges of int64.
    std::int64_t value(std::int64_t lo, std::int64_t hi)
    {
        const std::uint8_t kind = u8();
        if (kind < 240) {
            const std::uint64_t span = static_cast<std::uint64_t>(hi - lo) + 1;
            const std::uint64_t raw = span > 256 ? u16() : u8();
            return lo + static_cast<std::int64_t>(raw % span);
        }
        switch (kind % 8) {
        case 0: return kInt64Max;
        case 1: return kInt64Min;
        case 2: return std::int64_t{1} << 62;
        case 3: return -(std::int64_t{1} << 62);
        case 4: return std::int64_t{1} << 61;
        case 5: return std::int64_t{1} << 32;
        case 6: return -1;
        default: return static_cast<std::int64_t>(u64());
        }
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t at_ = 0;
};

/// BufferLayout's rules restated in 128-bit arithmetic, written apart from it:
/// which fields are acceptable, and where the elements of a layout are. The
/// layout (shape, strides, extents) is worked out whenever it can be, even
/// when a rule such as len's refuses it, so that the memory backing a test
/// does not depend on the rules being right.
struct Reference {
    bool accepted = false;
    bool laidOut = false; // shape, strides and extents known
    std::vector<std::int64_t> shape, strides;
    std::int64_t count = 0;
    Wide low = 0, high = 0; // the elements' bytes relative to buf, when count > 0
    bool indirect = false;
    bool cContiguous = false, fContiguous = false;

    explicit Reference(const BufferFields& f)
    {
        if (f.ndim < 0 || f.ndim > 64 || f.itemSize <= 0 || f.len < 0)
            return;
        std::int64_t itemSize = 0;
        try {
            itemSize = DtypeTable::parse(f.format ? f.format : "B", f.itemSize).itemSize;
        } catch (const FormatError&) {
            return;
        }
        const auto n = static_cast<std::size_t>(f.ndim);
        if (f.shape)
            shape.assign(f.shape, f.shape + n);
        else if (n == 1 && f.len % itemSize == 0)
            shape = {f.len / itemSize};
        else if (n > 0)
            return;
        Wide product = 1;
        bool empty = false;
        for (std::int64_t extent : shape) {
            if (extent < 0)
                return;
            if (extent == 0)
                empty = true;
            else
                product = std::min<Wide>(product * extent, Wide{1} << 64); // saturated past int64
        }
        if (product > kInt64Max || product * itemSize > kInt64Max)
            return;
        count = empty ? 0 : static_cast<std::int64_t>(product);
        if (f.strides) {
            strides.assign(f.strides, f.strides + n);
        } else {
            Wide stride = itemSize;
            strides.assign(n, 0);
            for (std::size_t k = n; k-- > 0;) {
                strides[k] = static_cast<std::int64_t>(stride);
                stride *= shape[k];
            }
        }
        for (std::size_t k = 0; k < n && f.suboffsets; ++k)
            indirect = indirect || f.suboffsets[k] >= 0;
        for (std::size_t k = 0; k < n; ++k) {
            if (shape[k] == 0)
                continue;
            const Wide reach = Wide{shape[k] - 1} * strides[k];
            if (reach > kInt64Max || reach < kInt64Min)
                return;
            (reach < 0 ? low : high) += reach;
        }
        high += itemSize;
        if (count == 0)
            low = high = 0;
        cContiguous = contiguous(true, itemSize);
        fContiguous = contiguous(false, itemSize);
        laidOut = true;

        if (Wide{f.len} < Wide{count} * itemSize)
            return;
        if (count == 0) {
            accepted = true;
            return;
        }
        if (!f.buf || low < kInt64Min || high > kInt64Max)
            return;
        const Wide address = static_cast<Wide>(reinterpret_cast<std::uintptr_t>(f.buf));
        if (!indirect && (address + low < 0 || address + high >= (Wide{1} << 64)))
            return;
        accepted = true;
    }

    [[nodiscard]] bool contiguous(bool lastFastest, std::int64_t itemSize) const
    {
        if (indirect)
            return false;
        if (count == 0)
            return true;
        Wide expected = itemSize;
        for (std::size_t i = 0; i < shape.size(); ++i) {
            const std::size_t k = lastFastest ? shape.size() - 1 - i : i;
            if (shape[k] != 1 && strides[k] != expected)
                return false;
            expected *= shape[k];
        }
        return true;
    }
};

/// The memory the fuzzer owns: one allocation, exactly sized.
struct Memory {
    std::vector<std::byte> bytes;
    [[nodiscard]] std::uintptr_t begin() const { return reinterpret_cast<std::uintptr_t>(bytes.data()); }
    [[nodiscard]] bool holds(Wide address, Wide size) const
    {
        return !bytes.empty() && address >= Wide{begin()} && address + size <= Wide{begin()} + Wide(bytes.size());
    }
};

/// PEP 3118's address rule (PyBuffer_GetPointer) walked in integers over
/// memory the fuzzer owns; nullopt once the walk would leave it.
std::optional<std::uintptr_t> walk(const Memory& memory, std::uintptr_t buf, const Reference& ref,
                                   const std::vector<std::int64_t>& suboffsets, std::span<const std::int64_t> index,
                                   std::int64_t itemSize)
{
    Wide p = buf;
    for (std::size_t k = 0; k < index.size(); ++k) {
        p += Wide{index[k]} * ref.strides[k];
        if (!suboffsets.empty() && suboffsets[k] >= 0) {
            if (!memory.holds(p, sizeof(void*)))
                return std::nullopt;
            std::uintptr_t target;
            std::memcpy(&target, memory.bytes.data() + static_cast<std::size_t>(p - Wide{memory.begin()}), sizeof target);
            p = Wide{target} + suboffsets[k];
        }
    }
    if (!memory.holds(p, itemSize))
        return std::nullopt;
    return static_cast<std::uintptr_t>(p);
}

volatile unsigned sink; // the bytes read, so no read is optimised away

void read(const std::byte* p, std::int64_t itemSize)
{
    std::array<std::byte, 64> copy;
    std::memcpy(copy.data(), p, static_cast<std::size_t>(itemSize));
    sink = sink + std::to_integer<unsigned>(copy[0]);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    Reader in(data, size);
    const std::uint8_t flags = in.u8();
    int ndim;
    if (flags & 128) {
        ndim = in.i32();
    } else {
        const std::uint8_t b = in.u8();
        ndim = b < 128 ? b % 5 : b - 138;
    }
    BufferFields fields;
    fields.itemSize = in.value(0, 33);
    fields.len = in.value(0, 4095);
    std::string formatText;
    const std::uint8_t formatKind = in.u8();
    if (formatKind < 128) {
        formatText = kFormats[formatKind % kFormats.size()];
    } else {
        for (int i = formatKind % 8; i > 0; --i)
            formatText += static_cast<char>(std::max<std::uint8_t>(in.u8(), 1)); // C text: no NUL inside
    }
    // Arrays of min(ndim, 128) entries: a layout that read past ndim 64 would
    // run off their ends, which AddressSanitizer reports.
    const std::size_t axes = static_cast<std::size_t>(std::clamp(ndim, 0, static_cast<int>(kArrayCap)));
    std::vector<std::int64_t> shape(axes), strides(axes), suboffsets(axes);
    for (std::size_t k = 0; k < axes; ++k) {
        shape[k] = in.value(0, 8);
        strides[k] = in.value(-40, 40);
        suboffsets[k] = in.value(-2, 16);
    }
    const std::uint16_t bufOffset = in.u16();
    const std::uint16_t pointerTarget = in.u16();
    fields.ndim = ndim;
    fields.shape = flags & 1 ? nullptr : shape.data();
    fields.strides = flags & 2 ? nullptr : strides.data();
    fields.suboffsets = flags & 4 ? suboffsets.data() : nullptr;
    fields.format = flags & 8 ? nullptr : formatText.c_str();
    fields.readOnly = (flags & 16) != 0;
    // An empty vector's data() may be null; an array of 0 entries is not NULL.
    std::int64_t placeholder = 0;
    if (axes == 0) {
        fields.shape = fields.shape ? &placeholder : nullptr;
        fields.strides = fields.strides ? &placeholder : nullptr;
        fields.suboffsets = fields.suboffsets ? &placeholder : nullptr;
    }

    // The memory, chosen from what the fields declare (see the header).
    Reference ref(fields);
    Memory memory;
    bool readable = false;
    const std::int64_t itemSize = fields.itemSize;
    std::uintptr_t buf = 0;
    if (ref.laidOut && ref.indirect && fields.len <= kMemoryCap) {
        memory.bytes.resize(static_cast<std::size_t>(std::max<std::int64_t>(fields.len, 1)));
        const std::uintptr_t target = memory.begin() + pointerTarget % memory.bytes.size();
        for (std::size_t at = 0; at + sizeof target <= memory.bytes.size(); at += sizeof target)
            std::memcpy(memory.bytes.data() + at, &target, sizeof target);
        buf = memory.begin() + bufOffset % memory.bytes.size();
        readable = true;
    } else if (ref.laidOut && !ref.indirect && ref.count > 0) {
        const bool contiguous = ref.cContiguous || ref.fContiguous;
        const Wide bytes = contiguous ? Wide{fields.len} : ref.high - ref.low;
        if (bytes > 0 && bytes <= kMemoryCap) {
            memory.bytes.resize(static_cast<std::size_t>(bytes));
            buf = memory.begin() + static_cast<std::uintptr_t>(contiguous ? 0 : -ref.low);
            readable = true;
        }
    }
    if (!readable) {
        memory.bytes.resize(64);
        buf = memory.begin();
    }
    fields.buf = flags & 32 ? nullptr : reinterpret_cast<void*>(buf);
    ref = Reference(fields); // buf is a field too

    std::optional<BufferLayout> layout;
    try {
        layout.emplace(fields);
    } catch (const InvalidBufferError&) {
    } catch (const FormatError&) {
    }
    if (layout.has_value() != ref.accepted)
        fail(ref.accepted ? "BufferLayout refused fields the reference accepts"
                          : "BufferLayout accepted fields the reference refuses");
    if (!layout)
        return 0;

    if (layout->shape() != ref.shape || layout->strides() != ref.strides || layout->elementCount() != ref.count ||
        layout->hasSuboffsets() != ref.indirect || layout->isContiguous(true) != ref.cContiguous ||
        layout->isContiguous(false) != ref.fContiguous)
        fail("the layout differs from the reference");
    if (!ref.indirect && ref.count > 0 && (layout->lowOffset() != ref.low || layout->highOffset() != ref.high))
        fail("the extents differ from the reference");
    if (!readable || !fields.buf || ref.count > kReadCap)
        return 0;

    // Every element, in C order, through elementPointer.
    const std::vector<std::int64_t> subs = ref.indirect ? suboffsets : std::vector<std::int64_t>{};
    std::vector<std::int64_t> index(layout->shape().size(), 0);
    for (std::int64_t i = 0; i < ref.count; ++i) {
        const auto expected = walk(memory, buf, ref, subs, index, itemSize);
        if (!expected && !ref.indirect)
            fail("an accepted element lies outside the memory its fields declare");
        if (expected) {
            const std::byte* p = layout->elementPointer(index);
            if (reinterpret_cast<std::uintptr_t>(p) != *expected)
                fail("elementPointer differs from PEP 3118's address");
            read(p, itemSize);
        }
        for (std::size_t k = index.size(); k-- > 0;) { // the next index, last axis fastest
            if (++index[k] < layout->shape()[k])
                break;
            index[k] = 0;
        }
    }

    // One plane, as the grid and the CSV writer read it.
    std::vector<SliceSpec::Item> items;
    for (std::size_t k = 0; k < layout->shape().size(); ++k) {
        SliceSpec::Item item;
        if (in.u8() % 4 == 0) {
            item.kind = SliceSpec::Item::Kind::Index;
            item.index = in.i8();
        } else {
            const std::int8_t start = in.i8(), stop = in.i8(), step = in.i8();
            if (start != 0)
                item.start = start;
            if (stop != 0)
                item.stop = stop;
            item.step = step != 0 ? step : 1;
        }
        items.push_back(item);
    }
    std::optional<PlaneLayout> plane;
    try {
        plane.emplace(*layout, SliceSpec(items).resolve(layout->shape()), (flags & 64) != 0);
    } catch (const SliceError&) {
        return 0;
    }
    // Each factor bounded first: an empty plane may still have 2^62 rows.
    if (plane->rows() == 0 || plane->cols() == 0 || plane->rows() > kReadCap || plane->cols() > kReadCap ||
        plane->rows() * plane->cols() > kReadCap)
        return 0;
    int formatted = 0;
    for (std::int64_t r = 0; r < plane->rows(); ++r)
        for (std::int64_t c = 0; c < plane->cols(); ++c) {
            const std::vector<std::int64_t> source = plane->sourceIndex(r, c);
            const auto expected = walk(memory, buf, ref, subs, source, itemSize);
            if (!expected) {
                if (!ref.indirect)
                    fail("a plane cell lies outside the memory its fields declare");
                continue;
            }
            const std::byte* p = plane->pointer(r, c);
            if (reinterpret_cast<std::uintptr_t>(p) != *expected)
                fail("the plane's cell differs from PEP 3118's address");
            read(p, itemSize);
            if (formatted++ < 16)
                if (!layout->elementType().isRecord())
                    (void)CellCodec::format(p, layout->elementType());
        }
    return 0;
}
