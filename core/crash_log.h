// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <vector>

namespace arraylens {

/// Where the report of a fatal error (a segfault in a script's own C code,
/// `ctypes.string_at(0)`) is kept, so the desktop app can show it on its next
/// start: FOLDER/crash-PID.log, one file per running process. Python's
/// faulthandler writes the traceback of every thread into it (the Interpreter
/// is given fd()); as the process dies, a handler installed here copies the
/// file to standard error too. The file stays empty unless the process dies,
/// and is removed when this object goes (a normal exit).
///
/// Make it before the Interpreter: faulthandler hands a fatal signal on to
/// the handler that was there before it, which must be this one.
class CrashLog {
public:
    /// A report left by an earlier process that is gone.
    struct Report {
        std::string path; ///< where the text is kept now (FOLDER/last-crash.log)
        std::string text;
    };

    /// Creates the folder and the file. Throws IoError.
    explicit CrashLog(std::string folder);
    ~CrashLog();
    CrashLog(const CrashLog&) = delete;
    CrashLog& operator=(const CrashLog&) = delete;

    [[nodiscard]] int fd() const { return fd_; }
    [[nodiscard]] const std::string& path() const { return path_; }

    /// The reports of processes that died (their crash-PID.log is not empty
    /// and no process PID runs), newest last. The newest is kept as
    /// FOLDER/last-crash.log; the files are removed, and so are the empty
    /// files of processes that ended without removing theirs.
    [[nodiscard]] static std::vector<Report> collectPrevious(const std::string& folder);

private:
    std::string path_;
    int fd_ = -1;
};

} // namespace arraylens
