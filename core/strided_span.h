// SPDX-License-Identifier: MIT
#pragma once

// Typed, non-owning views over strided memory: the C++ spelling of the seed's
// Span<T> and Span2D<T>, without its limits. Strides are signed byte strides
// (DESIGN.md decision 3): negative, zero, transposed and not a multiple of the
// itemsize all work, so elements are loaded and stored with memcpy and never
// through a possibly misaligned T*.
//
// T may be const-qualified: StridedSpan<const int> reads, StridedSpan<int>
// also writes. The memory belongs to the PyBuffer the span came from; the span
// is valid while that PyBuffer lives.

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <type_traits>

namespace arraylens {

/// Reads one element from possibly unaligned memory. bool is read as a byte
/// (any non-zero byte is true) since a bool object holding 2 is undefined.
template <class T>
[[nodiscard]] inline T loadElement(const std::byte* p)
{
    if constexpr (std::is_same_v<T, bool>) {
        return std::to_integer<unsigned char>(*p) != 0;
    } else {
        T value;
        std::memcpy(&value, p, sizeof(T));
        return value;
    }
}

/// Writes one element to possibly unaligned memory.
template <class T>
inline void storeElement(std::byte* p, const T& value)
{
    if constexpr (std::is_same_v<T, bool>)
        *p = std::byte{static_cast<unsigned char>(value ? 1 : 0)};
    else
        std::memcpy(p, &value, sizeof(T));
}

/// A reference to one writable element: converts to T, assigns from T.
template <class T>
class ElementRef {
public:
    explicit ElementRef(std::byte* p) : p_(p) {}
    operator T() const { return loadElement<T>(p_); }
    ElementRef& operator=(const T& value)
    {
        storeElement<T>(p_, value);
        return *this;
    }
    ElementRef& operator=(const ElementRef& other) { return *this = static_cast<T>(other); }
    [[nodiscard]] T get() const { return loadElement<T>(p_); }

private:
    std::byte* p_;
};

/// One-dimensional strided span.
template <class T>
class StridedSpan {
public:
    using value_type = std::remove_cv_t<T>;
    using byte_type = std::conditional_t<std::is_const_v<T>, const std::byte, std::byte>;

    StridedSpan() = default;
    StridedSpan(byte_type* base, std::int64_t size, std::int64_t byteStride)
        : base_(base), size_(size), stride_(byteStride) {}

    [[nodiscard]] std::int64_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }
    [[nodiscard]] std::int64_t byteStride() const { return stride_; }
    [[nodiscard]] byte_type* data() const { return base_; }

    [[nodiscard]] byte_type* pointer(std::int64_t i) const { return base_ + i * stride_; }
    [[nodiscard]] value_type get(std::int64_t i) const { return loadElement<value_type>(pointer(i)); }
    void set(std::int64_t i, const value_type& value) const
        requires(!std::is_const_v<T>)
    {
        storeElement<value_type>(pointer(i), value);
    }

    /// Reading span: the value. Writing span: an ElementRef to assign through.
    [[nodiscard]] auto operator[](std::int64_t i) const
    {
        if constexpr (std::is_const_v<T>)
            return get(i);
        else
            return ElementRef<value_type>(pointer(i));
    }

    /// A std::span over the same memory when it is packed and aligned.
    [[nodiscard]] std::optional<std::span<T>> contiguous() const
    {
        if (size_ > 1 && stride_ != static_cast<std::int64_t>(sizeof(T)))
            return std::nullopt;
        if (reinterpret_cast<std::uintptr_t>(base_) % alignof(value_type) != 0)
            return std::nullopt;
        return std::span<T>(reinterpret_cast<T*>(base_), static_cast<std::size_t>(size_));
    }

    class iterator {
    public:
        using difference_type = std::ptrdiff_t;
        using value_type = StridedSpan::value_type;
        iterator() = default;
        iterator(const StridedSpan* span, std::int64_t i) : span_(span), i_(i) {}
        auto operator*() const { return (*span_)[i_]; }
        iterator& operator++() { ++i_; return *this; }
        iterator operator++(int) { iterator copy = *this; ++i_; return copy; }
        bool operator==(const iterator& other) const { return i_ == other.i_; }

    private:
        const StridedSpan* span_ = nullptr;
        std::int64_t i_ = 0;
    };
    [[nodiscard]] iterator begin() const { return iterator(this, 0); }
    [[nodiscard]] iterator end() const { return iterator(this, size_); }

private:
    byte_type* base_ = nullptr;
    std::int64_t size_ = 0;
    std::int64_t stride_ = 0;
};

/// Two-dimensional strided span: element (r, c) lives at
/// base + r * rowStride + c * colStride (bytes).
template <class T>
class StridedSpan2D {
public:
    using value_type = std::remove_cv_t<T>;
    using byte_type = typename StridedSpan<T>::byte_type;

    StridedSpan2D() = default;
    StridedSpan2D(byte_type* base, std::int64_t rows, std::int64_t cols, std::int64_t rowStride, std::int64_t colStride)
        : base_(base), rows_(rows), cols_(cols), rowStride_(rowStride), colStride_(colStride) {}

    [[nodiscard]] std::int64_t rows() const { return rows_; }
    [[nodiscard]] std::int64_t cols() const { return cols_; }
    [[nodiscard]] std::int64_t rowStride() const { return rowStride_; }
    [[nodiscard]] std::int64_t colStride() const { return colStride_; }

    [[nodiscard]] byte_type* pointer(std::int64_t r, std::int64_t c) const { return base_ + r * rowStride_ + c * colStride_; }
    [[nodiscard]] value_type get(std::int64_t r, std::int64_t c) const { return loadElement<value_type>(pointer(r, c)); }
    void set(std::int64_t r, std::int64_t c, const value_type& value) const
        requires(!std::is_const_v<T>)
    {
        storeElement<value_type>(pointer(r, c), value);
    }
    [[nodiscard]] auto operator()(std::int64_t r, std::int64_t c) const
    {
        if constexpr (std::is_const_v<T>)
            return get(r, c);
        else
            return ElementRef<value_type>(pointer(r, c));
    }

    [[nodiscard]] StridedSpan<T> row(std::int64_t r) const { return StridedSpan<T>(pointer(r, 0), cols_, colStride_); }
    [[nodiscard]] StridedSpan<T> column(std::int64_t c) const { return StridedSpan<T>(pointer(0, c), rows_, rowStride_); }
    /// The same memory with rows and columns swapped; no copy.
    [[nodiscard]] StridedSpan2D transposed() const { return StridedSpan2D(base_, cols_, rows_, colStride_, rowStride_); }

private:
    byte_type* base_ = nullptr;
    std::int64_t rows_ = 0;
    std::int64_t cols_ = 0;
    std::int64_t rowStride_ = 0;
    std::int64_t colStride_ = 0;
};

} // namespace arraylens
