// SPDX-License-Identifier: MIT
#include "core/access_advice.h"

#include <algorithm>
#include <cstdint>
#include <sys/mman.h>
#include <unistd.h>

namespace arraylens {

RandomAccessAdvice::RandomAccessAdvice(const std::byte* first, const std::byte* last)
{
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto low = reinterpret_cast<std::uintptr_t>(std::min(first, last));
    const auto high = reinterpret_cast<std::uintptr_t>(std::max(first, last));
    const std::uintptr_t start = low / page * page;
    const std::uintptr_t end = (high / page + 1) * page;
    start_ = reinterpret_cast<void*>(start);
    length_ = end - start;
    if (::madvise(start_, length_, MADV_RANDOM) != 0)
        length_ = 0; // nothing to undo
}

RandomAccessAdvice::~RandomAccessAdvice()
{
    if (length_)
        (void)::madvise(start_, length_, MADV_NORMAL);
}

} // namespace arraylens
