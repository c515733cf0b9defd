// SPDX-License-Identifier: MIT
#include "core/guarded_memory.h"

#include <array>
#include <atomic>
#include <csignal>
#include <cstdint>
#include <mutex>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace arraylens {

namespace {

// One guarded range. `begin`/`end` are zero while the slot is free; the
// handler reads them without a lock, so they are atomics, set after the slot
// is claimed and cleared before it is freed.
struct Slot {
    std::atomic<bool> claimed{false};
    std::atomic<std::uintptr_t> begin{0};
    std::atomic<std::uintptr_t> end{0};
    std::atomic<bool> lost{false};
};

std::array<Slot, GuardedMemory::kCapacity> g_slots;
struct sigaction g_previous {};
std::uintptr_t g_pageSize = 4096;

// Runs on the faulting thread, possibly inside any code at all: only
// async-signal-safe calls (mmap, sigaction, raise) and lock-free atomics.
void onBusError(int signal, siginfo_t* info, void* /*context*/)
{
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    bool ours = false;
    // BUS_ADRERR is "no page behind this address" (a mapping past the end of
    // its file); hardware memory errors (BUS_MCEERR_*) are not ours to hide.
    if (info->si_code == BUS_ADRERR) {
        for (Slot& slot : g_slots) {
            const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
            if (begin != 0 && address >= begin && address < slot.end.load(std::memory_order_acquire)) {
                slot.lost.store(true, std::memory_order_release);
                ours = true; // every view of the same memory learns of it
            }
        }
    }
    if (ours) {
        // The system call itself, not libc's mmap: a sanitizer's interceptor
        // is no async-signal-safe code, and ThreadSanitizer would take the new
        // page for a write racing with the other threads reading the lost
        // memory (they read zeros either way, and the buffer says so).
        const long page = static_cast<long>(address & ~(g_pageSize - 1));
        if (::syscall(SYS_mmap, page, g_pageSize, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1,
                      0) == page)
            return; // the faulting instruction runs again, on a zero page
    }
    // Not ours: whoever handled SIGBUS before us decides, with the flags it
    // chose (SA_RESETHAND and the like), as if we had never been here: put
    // its action back, then let the access fault again (or re-send a signal
    // that came from kill()). Calling its function directly instead could
    // loop, when it re-raises expecting its own action to be gone.
    ::sigaction(SIGBUS, &g_previous, nullptr);
    if (info->si_code <= 0)
        ::raise(signal);
}

void installHandlerOnce()
{
    static std::once_flag installed;
    std::call_once(installed, [] {
        g_pageSize = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
        struct sigaction action {};
        action.sa_sigaction = onBusError;
        sigemptyset(&action.sa_mask);
        action.sa_flags = SA_SIGINFO | SA_ONSTACK; // the alternate stack faulthandler sets up, if any
        ::sigaction(SIGBUS, &action, &g_previous);
    });
}

} // namespace

GuardedMemory::GuardedMemory(const void* begin, std::size_t size)
{
    if (!begin || size == 0)
        return;
    installHandlerOnce();
    for (std::size_t i = 0; i < g_slots.size(); ++i) {
        bool expected = false;
        if (!g_slots[i].claimed.compare_exchange_strong(expected, true, std::memory_order_acq_rel))
            continue;
        Slot& slot = g_slots[i];
        slot.lost.store(false, std::memory_order_relaxed);
        const auto first = reinterpret_cast<std::uintptr_t>(begin);
        slot.end.store(first + size, std::memory_order_release);
        slot.begin.store(first, std::memory_order_release);
        slot_ = static_cast<int>(i);
        return;
    }
}

GuardedMemory::~GuardedMemory()
{
    if (slot_ < 0)
        return;
    Slot& slot = g_slots[static_cast<std::size_t>(slot_)];
    slot.begin.store(0, std::memory_order_release);
    slot.end.store(0, std::memory_order_release);
    slot.claimed.store(false, std::memory_order_release);
}

bool GuardedMemory::isLost() const
{
    return slot_ >= 0 && g_slots[static_cast<std::size_t>(slot_)].lost.load(std::memory_order_acquire);
}

} // namespace arraylens
