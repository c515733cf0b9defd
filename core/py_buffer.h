// SPDX-License-Identifier: MIT
#pragma once

#include "core/buffer_layout.h"
#include "core/dtype_table.h"
#include "core/guarded_memory.h"
#include "core/py_object.h"
#include "core/strided_span.h"

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace arraylens {

/// An exported Python buffer (RAII over Py_buffer), following DESIGN.md
/// decision 2: acquired once with PyBUF_FULL_RO, checked and normalised by
/// BufferLayout (NULL format is "B", NULL strides are C order, suboffsets
/// kept; an exporter that lies is refused), its shape, strides and format
/// copied into C++ storage, released once with the GIL held.
///
/// While a PyBuffer lives the exporter's memory is pinned (bytearray,
/// array.array and mmap refuse to resize), so reading elements needs no GIL.
/// Typed accessors mirror the seed's IPyBuffer: As<T>Span, As<T>ReadOnlySpan,
/// As<T>Span2D, As<T>ReadOnlySpan2D, in C++ spelling, plus asSpan<T>().
class PyBuffer {
public:
    /// Exports obj's buffer. The GIL must be held. An object that refuses the
    /// buffer protocol but offers __array_interface__ with a datetime64 or
    /// timedelta64 typestr is read through that instead, zero-copy, the
    /// object kept alive as an export would be. A numpy.ma.MaskedArray brings
    /// its mask (made an array of its own first if it was nomask).
    /// Throws PythonError when obj
    /// exports none (the message says so, naming the type), FormatError when the
    /// element format is not in the dtype table, InvalidBufferError naming the
    /// type and the field when the exporter's fields cannot be right (see
    /// BufferLayout for what is checked).
    [[nodiscard]] static std::shared_ptr<PyBuffer> acquire(PyHandle obj);

    ~PyBuffer();
    PyBuffer(const PyBuffer&) = delete;
    PyBuffer& operator=(const PyBuffer&) = delete;

    /// One-dimensional, as the seed's IsScalar.
    [[nodiscard]] bool isScalar() const { return dimensions() == 1; }
    [[nodiscard]] int dimensions() const { return layout_.dimensions(); }
    [[nodiscard]] const std::vector<std::int64_t>& shape() const { return layout_.shape(); }
    /// Signed byte strides, one per dimension.
    [[nodiscard]] const std::vector<std::int64_t>& strides() const { return layout_.strides(); }
    /// PIL-style suboffsets, one per dimension; empty when the exporter gave none.
    [[nodiscard]] const std::vector<std::int64_t>& suboffsets() const { return layout_.suboffsets(); }
    [[nodiscard]] bool hasSuboffsets() const { return layout_.hasSuboffsets(); }
    [[nodiscard]] std::int64_t itemSize() const { return layout_.itemSize(); }
    /// The format string as the exporter wrote it ("B" when it gave none).
    [[nodiscard]] const std::string& format() const { return layout_.format(); }
    /// What one element is: its descriptor and codec (a record's holds its fields).
    [[nodiscard]] const ElementType& elementType() const { return layout_.elementType(); }
    [[nodiscard]] bool isReadOnly() const { return layout_.isReadOnly(); }
    /// True once part of the memory was lost under the buffer (the file
    /// behind a mapping shrank): what reads back is zeros, not the data
    /// (see GuardedMemory). Cheap: check it after reading.
    [[nodiscard]] bool isMemoryLost() const { return guard_ && guard_->isLost(); }
    [[nodiscard]] std::int64_t elementCount() const { return layout_.elementCount(); }
    [[nodiscard]] bool isCContiguous() const { return layout_.isContiguous(true); }
    [[nodiscard]] bool isFContiguous() const { return layout_.isContiguous(false); }
    /// The checked layout, which views address through.
    [[nodiscard]] const BufferLayout& layout() const { return layout_; }
    /// The mask of a numpy.ma.MaskedArray (bool, the same shape; a non-zero
    /// byte masks the element), or null for other objects.
    [[nodiscard]] const std::shared_ptr<PyBuffer>& mask() const { return mask_; }
    /// True when the elements were read through __array_interface__ (dates
    /// and durations, which refuse the buffer protocol) rather than a buffer.
    [[nodiscard]] bool isArrayInterface() const { return !view_; }
    /// The exporting object (borrowed: valid while this PyBuffer lives).
    [[nodiscard]] PyHandle object() const;
    /// Python's name for the exporter's type, e.g. "numpy.ndarray".
    [[nodiscard]] const std::string& exporterType() const { return exporterType_; }
    /// Python's name for obj's type: "str", "numpy.ndarray". GIL required.
    [[nodiscard]] static std::string typeNameOf(PyHandle obj);

    /// A writable copy of a C-contiguous buffer in memory of its own: it
    /// holds nothing of Python, so it may be dropped on any thread without
    /// the GIL (a lazy source's tiles are such copies). GIL required to make
    /// it. Throws InvalidBufferError for other layouts.
    [[nodiscard]] std::shared_ptr<PyBuffer> detachedCopy() const;

    /// N-D element access: one index per dimension, negative counting from
    /// the end as in NumPy. Follows suboffsets. Throws BufferAccessError.
    [[nodiscard]] const std::byte* elementPointer(std::span<const std::int64_t> index) const
    {
        return layout_.elementPointer(index);
    }
    /// As elementPointer, for writing: throws on a read-only buffer.
    [[nodiscard]] std::byte* writableElementPointer(std::span<const std::int64_t> index);
    /// Throws BufferAccessError(ReadOnly) naming the exporter when read-only.
    void requireWritable() const;
    /// Why the buffer is read-only ("bytes objects are immutable…", a
    /// broadcast view, a non-writeable array); empty when it is writable.
    [[nodiscard]] std::string readOnlyReason() const;

    template <class T>
    [[nodiscard]] T element(std::span<const std::int64_t> index) const
    {
        requireType(scalarShapeOf<T>());
        return loadElement<T>(elementPointer(index));
    }
    template <class T>
    void setElement(std::span<const std::int64_t> index, const T& value)
    {
        requireType(scalarShapeOf<T>());
        storeElement<T>(writableElementPointer(index), value);
    }

    template <class T>
    [[nodiscard]] StridedSpan<T> asSpan()
    {
        checkTyped(scalarShapeOf<T>(), 1, true);
        return StridedSpan<T>(mutableBase(), shape()[0], strides()[0]);
    }
    template <class T>
    [[nodiscard]] StridedSpan<const T> asReadOnlySpan() const
    {
        checkTyped(scalarShapeOf<T>(), 1, false);
        return StridedSpan<const T>(base(), shape()[0], strides()[0]);
    }
    template <class T>
    [[nodiscard]] StridedSpan2D<T> asSpan2D()
    {
        checkTyped(scalarShapeOf<T>(), 2, true);
        return StridedSpan2D<T>(mutableBase(), shape()[0], shape()[1], strides()[0], strides()[1]);
    }
    template <class T>
    [[nodiscard]] StridedSpan2D<const T> asReadOnlySpan2D() const
    {
        checkTyped(scalarShapeOf<T>(), 2, false);
        return StridedSpan2D<const T>(base(), shape()[0], shape()[1], strides()[0], strides()[1]);
    }

    // The seed's table, one block per row, and the types it lacks.
#define ARRAYLENS_TYPED_ACCESSORS(Name, T)                                                     \
    [[nodiscard]] StridedSpan<T> as##Name##Span() { return asSpan<T>(); }                       \
    [[nodiscard]] StridedSpan<const T> as##Name##ReadOnlySpan() const { return asReadOnlySpan<T>(); } \
    [[nodiscard]] StridedSpan2D<T> as##Name##Span2D() { return asSpan2D<T>(); }                 \
    [[nodiscard]] StridedSpan2D<const T> as##Name##ReadOnlySpan2D() const { return asReadOnlySpan2D<T>(); }
    ARRAYLENS_TYPED_ACCESSORS(Bool, bool)
    ARRAYLENS_TYPED_ACCESSORS(SByte, std::int8_t)
    ARRAYLENS_TYPED_ACCESSORS(Short, std::int16_t)
    ARRAYLENS_TYPED_ACCESSORS(Int, std::int32_t)
    ARRAYLENS_TYPED_ACCESSORS(Long, std::int64_t)
    ARRAYLENS_TYPED_ACCESSORS(Byte, std::uint8_t)
    ARRAYLENS_TYPED_ACCESSORS(UShort, std::uint16_t)
    ARRAYLENS_TYPED_ACCESSORS(UInt, std::uint32_t)
    ARRAYLENS_TYPED_ACCESSORS(ULong, std::uint64_t)
    ARRAYLENS_TYPED_ACCESSORS(Float, float)
    ARRAYLENS_TYPED_ACCESSORS(Double, double)
    ARRAYLENS_TYPED_ACCESSORS(Half, Float16)
    ARRAYLENS_TYPED_ACCESSORS(LongDouble, long double)
    ARRAYLENS_TYPED_ACCESSORS(ComplexFloat, std::complex<float>)
    ARRAYLENS_TYPED_ACCESSORS(ComplexDouble, std::complex<double>)
    ARRAYLENS_TYPED_ACCESSORS(SSize, Py_ssize_t)
    ARRAYLENS_TYPED_ACCESSORS(Size, std::size_t)
#undef ARRAYLENS_TYPED_ACCESSORS

private:
    PyBuffer(std::unique_ptr<Py_buffer> view, PyObjectRef owner, BufferLayout layout, std::string exporterType);
    /// acquire() without the mask: the exporter's elements only.
    [[nodiscard]] static std::shared_ptr<PyBuffer> acquireElements(PyHandle obj);
    /// Reads obj through __array_interface__, or null when it offers none
    /// that ArrayLens reads (not a date or duration).
    [[nodiscard]] static std::shared_ptr<PyBuffer> acquireArrayInterface(PyHandle obj, const std::string& exporterType);
    /// The mask of a masked array, or null.
    [[nodiscard]] static std::shared_ptr<PyBuffer> acquireMask(PyHandle obj, const BufferLayout& data);
    [[nodiscard]] const std::byte* base() const { return layout_.base(); }
    [[nodiscard]] std::byte* mutableBase() { return layout_.mutableBase(); }
    void requireType(ScalarShape wanted) const;
    void checkTyped(ScalarShape wanted, int wantedDimensions, bool forWriting) const;
    [[nodiscard]] std::string describe() const;

    std::unique_ptr<Py_buffer> view_; // heap: exporters may key on its address; null for an array interface
    PyObjectRef owner_;               // the object read through __array_interface__ (kept alive)
    std::shared_ptr<PyBuffer> mask_;
    BufferLayout layout_;
    std::string exporterType_;
    /// The elements' bytes, guarded against a shrinking file; null with
    /// suboffsets (the memory is no one range) or no elements.
    std::unique_ptr<GuardedMemory> guard_;
    std::vector<std::byte> ownedMemory_; ///< a detached copy's elements; empty otherwise
};

} // namespace arraylens
