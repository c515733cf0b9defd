// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h>

#include <string>
#include <vector>

namespace arraylens {

/// The embedded CPython, started once per process (DESIGN.md decisions 1, 6).
/// Isolated configuration: no environment variables, no user site-packages,
/// no signal handlers (the host owns SIGINT); the system's site-packages,
/// where NumPy lives, are on the path. Before any script loads, the
/// interpreter is given collections.abc.Buffer where it lacks one (PEP 688 is
/// Python 3.12), so scripts that import it the usual way load on 3.11.
///
/// The constructor leaves no thread holding the GIL: every user takes it
/// with GilGuard. The destructor finalizes the interpreter; like `python`, it
/// first waits for the non-daemon threads a script started (saying so on
/// standard error), since such a thread may still be writing data.
///
/// A fatal error in a script's C code (a segfault in ctypes, a C extension)
/// cannot be survived, but it is explained: Python's faulthandler writes the
/// traceback of every thread to `fatalErrorFd` before the process dies.
class Interpreter {
public:
    explicit Interpreter(int fatalErrorFd = 2);
    ~Interpreter();
    Interpreter(const Interpreter&) = delete;
    Interpreter& operator=(const Interpreter&) = delete;

    /// The helper module with ArrayLens's Python-side code (script loading,
    /// listing, calls); borrowed, alive until finalization. GIL required.
    [[nodiscard]] static PyObject* supportModule();

    /// The versions this process embeds, for --version: Python's ("3.11.2")
    /// and NumPy's (empty when NumPy cannot be imported). Takes the GIL.
    struct Versions {
        std::string python;
        std::string numpy;
    };
    [[nodiscard]] static Versions versions();

    /// The calling thread's Python thread id (for interruptThread).
    [[nodiscard]] static unsigned long currentThreadId();
    /// Raises KeyboardInterrupt in the Python code running on thread `threadId`
    /// at its next bytecode (PyThreadState_SetAsyncExc: PyErr_SetInterrupt
    /// reaches only the main thread). Callable from any thread; takes the GIL,
    /// which a running pure-Python loop hands over within the switch interval.
    static void interruptThread(unsigned long threadId);
    /// Withdraws an interrupt that arrived after the code it aimed at ended.
    static void clearInterrupt(unsigned long threadId);
    /// The names of the threads a script started that Python waits for at
    /// exit: alive, not daemons, not the main thread nor the calling one.
    /// Takes the GIL.
    [[nodiscard]] static std::vector<std::string> scriptThreads();
    /// Closes the dask.distributed clients and clusters scripts started,
    /// so that their worker processes end with the script or the app (the
    /// destructor and the GUI's worker, before it loads or reloads a script,
    /// call it).
    /// Takes the GIL; failures are ignored (a cluster that cannot close
    /// ends with the process).
    static void closeClusters();
    /// Points Python's sys.stdout at sys.stderr, so that a script's print()
    /// cannot mix into what the command line writes to standard output.
    static void redirectStdoutToStderr();
    /// Gives SIGINT its default action back where Python's handler holds it
    /// (importing `signal`, as subprocess and others do, installs it). That
    /// handler only flags the signal for the main thread's next bytecode:
    /// during the command line's export, which runs no Python, Ctrl-C would
    /// wait for the whole export and then exit with status 0. Call on the main
    /// thread once no more script code will run; a handler the script set
    /// itself is left alone.
    static void restoreDefaultInterruptAction();

private:
    PyThreadState* mainThread_ = nullptr;
};

} // namespace arraylens
