// SPDX-License-Identifier: MIT
#pragma once

// Telling the kernel how memory will be read, for the time one reader reads
// it. A fault on a memory-mapped file reads ahead around the faulting page
// (read_ahead_kb: 8 MiB on this machine's disk): right for a reader going
// through the file, ruinous for a sampler that takes one row in a hundred,
// which then reads 8 MiB per row instead of the row. Sampling 1,031 rows of
// a 100,000² uint8 memmap took 11.4 s with the kernel's default advice and
// 0.4 s with MADV_RANDOM.

#include <cstddef>

namespace arraylens {

class RandomAccessAdvice {
public:
    /// Advises MADV_RANDOM for the pages holding bytes [first, last] (both
    /// included; any order). Advice is a hint: failures (memory that is no
    /// mapping's, a kernel that refuses) are ignored.
    RandomAccessAdvice(const std::byte* first, const std::byte* last);
    /// Back to MADV_NORMAL, the kernel's default (what a mapping has unless
    /// someone advised otherwise; the earlier advice cannot be read back).
    ~RandomAccessAdvice();
    RandomAccessAdvice(const RandomAccessAdvice&) = delete;
    RandomAccessAdvice& operator=(const RandomAccessAdvice&) = delete;

private:
    void* start_ = nullptr;
    std::size_t length_ = 0;
};

} // namespace arraylens
