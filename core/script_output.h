// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h>

#include "core/py_object.h"

#include <functional>
#include <string>

namespace arraylens {

/// Captures what a script's Python code writes to sys.stdout and sys.stderr
/// (print(), warnings, logging to the console) while ArrayLens runs it: a
/// load, a call. The process's own standard output is kept for results
/// (StandardOutput) and standard error is a terminal the GUI user never
/// sees; the GUI shows this text in an output pane instead.
///
/// For its lifetime sys.stdout and sys.stderr are writer objects that hand
/// each str written to the sink; then they are put back (unless the script
/// replaced them itself meanwhile, which is its choice). A writer kept past
/// the capture (a thread, `out = sys.stdout`) writes to the stream it stood
/// in for. Bytes written to the descriptors (os.write(1, …), C printf) are
/// not captured.
class ScriptOutputCapture {
public:
    /// Receives UTF-8 text (undecodable characters as backslash escapes);
    /// `error` for sys.stderr. Called with the GIL held, on the thread that
    /// wrote (script threads too): must be short, must not throw, must not
    /// wait for the thread that holds a ScriptOutputCapture.
    using Sink = std::function<void(std::string text, bool error)>;

    /// Takes the GIL itself. Throws PythonError when the streams cannot be swapped.
    explicit ScriptOutputCapture(Sink sink);
    /// Takes the GIL; never throws.
    ~ScriptOutputCapture();
    ScriptOutputCapture(const ScriptOutputCapture&) = delete;
    ScriptOutputCapture& operator=(const ScriptOutputCapture&) = delete;

    struct Channel;

private:
    struct Stream {
        const char* name = nullptr; ///< "stdout" or "stderr"
        Channel* channel = nullptr; ///< owned by its capsule (the writer may outlive us)
        PyObjectRef writer;
        PyObjectRef original;
    };
    void install(Stream& stream, bool error);
    void restore(Stream& stream) noexcept;

    Sink sink_;
    Stream stdout_{"stdout", nullptr, {}, {}};
    Stream stderr_{"stderr", nullptr, {}, {}};
};

} // namespace arraylens
