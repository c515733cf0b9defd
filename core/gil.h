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

/// Lets other threads run Python while this one does long C++ work.
/// The current thread must hold the GIL when it is created.
class GilRelease {
public:
    GilRelease() : state_(PyEval_SaveThread()) {}
    ~GilRelease() { PyEval_RestoreThread(state_); }
    GilRelease(const GilRelease&) = delete;
    GilRelease& operator=(const GilRelease&) = delete;

private:
    PyThreadState* state_;
};

} // namespace arraylens
