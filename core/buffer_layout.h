// SPDX-License-Identifier: MIT
#pragma once

#include "core/dtype_table.h"
#include "core/element_type.h"

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <vector>

namespace arraylens {

/// The fields of a Py_buffer exactly as an exporter filled them, before any
/// check (PEP 3118's names; Py_ssize_t is std::int64_t on the LP64 Linux
/// ArrayLens targets). Borrowed: the arrays and the format text need only live
/// while a BufferLayout is built from them. Nothing here is trusted: ndim may
/// be -1 or 1000 and the arrays may hold anything; they are read only once
/// ndim is known to be within 0…64, ndim entries each.
struct BufferFields {
    void* buf = nullptr;
    std::int64_t len = 0;
    std::int64_t itemSize = 0;
    int ndim = 0;
    const std::int64_t* shape = nullptr;      ///< null: no shape
    const std::int64_t* strides = nullptr;    ///< null: C order
    const std::int64_t* suboffsets = nullptr; ///< null: no pointers to follow
    const char* format = nullptr;             ///< null: "B"
    bool readOnly = true;
};

/// A buffer's layout, checked and normalised as DESIGN.md decision 2 says,
/// with no Python: what PyBuffer::acquire makes of a Py_buffer, and what the
/// buffer-fields fuzzer makes of arbitrary fields. Normalised: a NULL format
/// is "B", NULL strides are C order, a NULL shape is () for ndim 0 and
/// (len / itemsize,) for ndim 1, suboffsets that are all negative are none.
///
/// Checked, each failure an InvalidBufferError naming the field and value
/// (a format the dtype table lacks is a FormatError):
///  - 0 <= ndim <= 64 (PyBUF_MAX_NDIM), itemsize > 0, len >= 0;
///  - the format is a dtype table row of this itemsize (DtypeTable::parse);
///  - no negative extent; a NULL shape only for ndim 0 or 1 (then len must
///    be a multiple of itemsize);
///  - the element count and count × itemsize fit in 64 bits, zero extents
///    aside as NumPy counts them, and len >= count × itemsize;
///  - each axis's reach (extent − 1) × stride fits in 64 bits, even in an
///    empty buffer (a view multiplies its step by a stride within it);
///  - with elements: buf is not NULL and the sums of the reaches, the lowest
///    and highest byte offset of any element, fit in 64 bits; without
///    suboffsets buf plus both stays inside the address space.
///
/// What len can and cannot vouch for. PEP 3118 defines len as count ×
/// itemsize, and every exporter measured here reports exactly that (NumPy,
/// memoryview, ctypes, array.array, mmap, bytes, bytearray, PickleBuffer,
/// _testbuffer). For a C- or Fortran-contiguous layout the elements then lie
/// in [buf, buf + len). For other strided layouts len is not the size of the
/// memory: NumPy's a[::2] of 10 int64 has len 40 and touches 72 bytes, a[::-1]
/// touches the 72 bytes below buf, a broadcast touches less than len. A
/// Py_buffer carries no size for the block behind a view, so there the
/// exporter's strides are trusted as far as they are representable. With
/// suboffsets (PIL style) pointers stored in the exporter's memory are
/// followed, and where they lead cannot be checked either.
class BufferLayout {
public:
    /// PyBUF_MAX_NDIM: CPython's own limit, and memoryview's.
    static constexpr int kMaxDimensions = 64;

    /// Checks and normalises `fields`. Throws InvalidBufferError naming the
    /// first field found wrong, FormatError for an unsupported format.
    explicit BufferLayout(const BufferFields& fields);

    [[nodiscard]] int dimensions() const { return static_cast<int>(shape_.size()); }
    [[nodiscard]] const std::vector<std::int64_t>& shape() const { return shape_; }
    /// Signed byte strides, one per dimension.
    [[nodiscard]] const std::vector<std::int64_t>& strides() const { return strides_; }
    /// PIL-style suboffsets, one per dimension; empty when none is >= 0.
    [[nodiscard]] const std::vector<std::int64_t>& suboffsets() const { return suboffsets_; }
    [[nodiscard]] bool hasSuboffsets() const { return !suboffsets_.empty(); }
    [[nodiscard]] std::int64_t itemSize() const { return type_.itemSize; }
    /// The format as the exporter wrote it ("B" when it gave none).
    [[nodiscard]] const std::string& format() const { return formatText_; }
    [[nodiscard]] const ElementType& elementType() const { return type_; }
    [[nodiscard]] bool isReadOnly() const { return readOnly_; }
    [[nodiscard]] std::int64_t elementCount() const { return count_; }
    /// len as the exporter reported it (at least elementCount() × itemSize()).
    [[nodiscard]] std::int64_t byteLength() const { return len_; }
    /// Packed with no gaps, the last (C) or the first (Fortran) axis varying
    /// fastest; an empty layout is both, as PyBuffer_IsContiguous says.
    [[nodiscard]] bool isContiguous(bool lastAxisFastest) const;
    /// The bytes any element touches are [base() + lowOffset(), base() +
    /// highOffset()); both 0 when there are no elements or with suboffsets.
    [[nodiscard]] std::int64_t lowOffset() const { return lowOffset_; }
    [[nodiscard]] std::int64_t highOffset() const { return highOffset_; }

    /// buf: the element at index (0, …, 0), or the first pointer table.
    [[nodiscard]] const std::byte* base() const { return base_; }
    [[nodiscard]] std::byte* mutableBase() const { return base_; }

    /// N-D element access: one index per dimension, negative counting from
    /// the end as in NumPy. Follows suboffsets. Throws BufferAccessError.
    [[nodiscard]] const std::byte* elementPointer(std::span<const std::int64_t> index) const;

    /// One step of PEP 3118's address rule (PyBuffer_GetPointer): from p
    /// along `axis` to index i (in range, not checked), then through the
    /// pointer stored there when the axis has a suboffset. elementPointer and
    /// the 2-D views walk with this, so they cannot disagree.
    [[nodiscard]] const std::byte* advance(const std::byte* p, std::size_t axis, std::int64_t i) const
    {
        p += i * strides_[axis];
        if (!suboffsets_.empty() && suboffsets_[axis] >= 0) {
            const std::byte* target;
            std::memcpy(&target, p, sizeof target); // an exporter's pointer may sit unaligned
            p = target + suboffsets_[axis];
        }
        return p;
    }

private:
    std::byte* base_ = nullptr;
    std::int64_t len_ = 0;
    std::int64_t count_ = 0;
    std::int64_t lowOffset_ = 0;
    std::int64_t highOffset_ = 0;
    std::vector<std::int64_t> shape_;
    std::vector<std::int64_t> strides_;
    std::vector<std::int64_t> suboffsets_;
    std::string formatText_;
    ElementType type_;
    bool readOnly_ = true;
};

} // namespace arraylens
