// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h>

namespace arraylens {

/// Holds the GIL for its lifetime, from any thread (PyGILState_Ensure).
class GilGuard {
public:
    GilGuard() : state_(PyGILState_Ensure()) {}
    ~GilGuard() { PyGILState_Release(state_); }
    GilGuard(const GilGuard&) = delete;
    GilGuard& operator=(const GilGuard&) = delete;

private:
    PyGILState_STATE state_;
};

/// Keeps the calling thread known to Python for its lifetime, without
/// holding the GIL: one thread state that every GilGuard on this thread
/// reuses (PyGILState would otherwise create and delete one per outermost
/// GilGuard). A thread that runs Python job after job holds one, so that
/// per-thread state (np.seterr, decimal contexts) lasts between jobs and
/// Interpreter::interruptThread always finds the thread.
class PythonThreadScope {
public:
    PythonThreadScope() : gil_(PyGILState_Ensure()), saved_(PyEval_SaveThread()) {}
    ~PythonThreadScope()
    {
        PyEval_RestoreThread(saved_);
        PyGILState_Release(gil_);
    }
    PythonThreadScope(const PythonThreadScope&) = delete;
    PythonThreadScope& operator=(const PythonThreadScope&) = delete;

private:
    PyGILState_STATE gil_;
    PyThreadState* saved_;
};

} // namespace arraylens
