// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string_view>
#include <utility>

namespace arraylens {

/// Where element codecs write text: a growable UTF-8 buffer that a codec
/// writes into directly (reserve room, write, commit), so the CSV writer's
/// hot path formats straight into its block with no copy and no zero fill
/// (std::string::resize would write every byte once more before the text).
class TextSink {
public:
    TextSink() = default;
    TextSink(TextSink&& other) noexcept
        : data_(std::move(other.data_)), size_(std::exchange(other.size_, 0)),
          capacity_(std::exchange(other.capacity_, 0))
    {
    }
    TextSink& operator=(TextSink&& other) noexcept
    {
        data_ = std::move(other.data_);
        size_ = std::exchange(other.size_, 0);
        capacity_ = std::exchange(other.capacity_, 0);
        return *this;
    }

    [[nodiscard]] std::string_view text() const { return {data_.get(), size_}; }
    [[nodiscard]] std::size_t size() const { return size_; }
    [[nodiscard]] bool empty() const { return size_ == 0; }
    void clear() { size_ = 0; }
    /// Forgets the text after the first `size` bytes.
    void truncate(std::size_t size) { size_ = std::min(size_, size); }

    /// Where the text ends, with at least `room` bytes free behind it.
    [[nodiscard]] char* reserve(std::size_t room)
    {
        if (capacity_ - size_ < room)
            grow(room);
        return data_.get() + size_;
    }
    /// Takes the text up to `end`, a pointer into the room reserve() returned.
    void commit(const char* end) { size_ = static_cast<std::size_t>(end - data_.get()); }

    void append(std::string_view text)
    {
        char* p = reserve(text.size());
        if (!text.empty())
            std::memcpy(p, text.data(), text.size());
        size_ += text.size();
    }
    void push_back(char c) { *reserve(1) = c; ++size_; }

private:
    void grow(std::size_t room)
    {
        const std::size_t capacity = std::max(2 * capacity_, size_ + room);
        auto larger = std::make_unique_for_overwrite<char[]>(capacity);
        if (size_ != 0) // memcpy from the null of an empty sink is undefined, even for 0 bytes
            std::memcpy(larger.get(), data_.get(), size_);
        data_ = std::move(larger);
        capacity_ = capacity;
    }

    std::unique_ptr<char[]> data_;
    std::size_t size_ = 0;
    std::size_t capacity_ = 0;
};

} // namespace arraylens
