// SPDX-License-Identifier: MIT
#pragma once

// Work handed from one thread to another through Qt, stated so that
// ThreadSanitizer can see it (scripts/test-tsan).
//
// ThreadSanitizer sees an order between threads only through the pthread and
// file calls it intercepts and through code it instruments. The QtCore of a
// distribution is not built with it: its event queue (a futex-based QMutex),
// the reference count of a queued functor and QThread::wait's "already
// finished" path synchronise with atomics it never sees. Without these
// annotations every queued call between threads would be reported as a race
// on the functor's captures. They state exactly the order that Qt
// guarantees (posting, then running, then destroying a queued call; a
// thread's work, then QThread::wait returning), nothing more, and compile to
// nothing in a normal build.

#include <QMetaObject>
#include <QObject>

#include <utility>

#if defined(__SANITIZE_THREAD__)
#define ARRAYLENS_UNDER_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define ARRAYLENS_UNDER_TSAN 1
#endif
#endif

#if defined(ARRAYLENS_UNDER_TSAN)
#include <sanitizer/tsan_interface.h>
#endif

namespace arraylens::handoff {

/// What this thread did so far happens before a later acquire(token) on any thread.
inline void release([[maybe_unused]] const void* token)
{
#if defined(ARRAYLENS_UNDER_TSAN)
    __tsan_release(const_cast<void*>(token));
#endif
}

/// What other threads did before their release(token) happens before what this thread does next.
inline void acquire([[maybe_unused]] const void* token)
{
#if defined(ARRAYLENS_UNDER_TSAN)
    __tsan_acquire(const_cast<void*>(token));
#endif
}

#if defined(ARRAYLENS_UNDER_TSAN)
/// A functor whose creation happens before its call, and whose call happens
/// before its destruction, whichever threads these run on. The token is the
/// functor's own address (reading a stored token would itself race): Qt moves
/// the functor into its queued-call storage once, before posting, and never
/// again; that storage is freed through ThreadSanitizer, which then forgets
/// the token.
template <class Work>
class Ordered {
public:
    explicit Ordered(Work work) : work_(std::move(work)) { release(this); }
    Ordered(Ordered&& other) noexcept : work_(std::move(other.work_)) { release(this); }
    Ordered& operator=(Ordered&&) = delete;
    ~Ordered() { acquire(this); }

    void operator()()
    {
        acquire(this);
        work_();
        release(this);
    }

private:
    Work work_;
};
#endif

} // namespace arraylens::handoff

namespace arraylens {

/// Runs `work` later on the thread that `context` lives in, through its event
/// loop: QMetaObject::invokeMethod with a queued call (ordered for
/// ThreadSanitizer, see above).
template <class Work>
void postTo(QObject* context, Work&& work)
{
#if defined(ARRAYLENS_UNDER_TSAN)
    QMetaObject::invokeMethod(context, handoff::Ordered(std::forward<Work>(work)), Qt::QueuedConnection);
#else
    QMetaObject::invokeMethod(context, std::forward<Work>(work), Qt::QueuedConnection);
#endif
}

} // namespace arraylens
