// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>

namespace arraylens {

/// A range of memory whose loss must not kill the process: the memory of an
/// exported buffer, which may be a file mapping (numpy.memmap, mmap).
///
/// When a mapped file shrinks (another call truncates it, `np.memmap(path,
/// mode='w+')` with a smaller shape), touching a page past its new end
/// raises SIGBUS, which by default ends the process and every view with it.
/// While a GuardedMemory lives, a SIGBUS on its range is absorbed: the
/// handler maps a zero page over the lost page, so the read or write that
/// faulted completes, and marks the range lost. Readers check isLost() after
/// reading and show an error instead of the zeros; writers refuse. A SIGBUS
/// anywhere else goes on to the handler that was there before (Python's
/// faulthandler, the sanitizers, or the default: the process ends).
///
/// Registration and the check are lock-free (the handler may run on any
/// thread, in the middle of anything); at most kCapacity ranges are guarded
/// at once, and a range beyond that is simply not guarded.
class GuardedMemory {
public:
    static constexpr std::size_t kCapacity = 4096;

    GuardedMemory(const void* begin, std::size_t size);
    ~GuardedMemory();
    GuardedMemory(const GuardedMemory&) = delete;
    GuardedMemory& operator=(const GuardedMemory&) = delete;

    /// True once a SIGBUS hit this range: some of its bytes now read as zeros
    /// that are not the data.
    [[nodiscard]] bool isLost() const;
    /// False when every slot was taken and the range could not be guarded.
    [[nodiscard]] bool isGuarded() const { return slot_ >= 0; }

private:
    int slot_ = -1;
};

} // namespace arraylens
