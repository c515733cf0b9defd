// SPDX-License-Identifier: MIT
#pragma once

#include <mutex>
#include <shared_mutex>

namespace arraylens::cell_memory {

// Orders the C++ threads that touch the element memory of exported buffers:
// an edit, its undo and its redo write it (on the GUI thread) while a CSV
// export may be reading the same memory on its formatting threads. Writers
// lock it exclusively; readers that run beside them lock it shared, one
// block of rows at a time, so an edit made during an export waits for the
// blocks being formatted (milliseconds), never for the whole export. A
// waiting writer holds the gate, which keeps new readers out: glibc's
// read-write lock prefers readers and would let a stream of blocks starve it.
// One lock for all buffers, since two exports of the same array (two calls
// that return the same global) alias the same memory.
//
// Python code that writes the memory runs on the Python worker, beside both:
// that is the design (DESIGN.md decision 6) and outside this lock.

namespace detail {
struct Locks {
    std::mutex gate;
    std::shared_mutex memory;
};
inline Locks& locks()
{
    static Locks instance;
    return instance;
}
} // namespace detail

/// Held while a block of cells is read on a thread other than the GUI thread.
[[nodiscard]] inline std::shared_lock<std::shared_mutex> lockForReading()
{
    detail::Locks& locks = detail::locks();
    std::lock_guard gate(locks.gate);
    return std::shared_lock(locks.memory);
}

/// Held while cells are written.
[[nodiscard]] inline std::unique_lock<std::shared_mutex> lockForWriting()
{
    detail::Locks& locks = detail::locks();
    std::lock_guard gate(locks.gate);
    return std::unique_lock(locks.memory);
}

} // namespace arraylens::cell_memory
