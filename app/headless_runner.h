// SPDX-License-Identifier: MIT
#pragma once

#include "app/command_line.h"

#include <string_view>
#include <sys/types.h>

namespace arraylens {
class Script;
}

/// Runs --list, --info and --export without a window: loads the script,
/// calls, prints. Errors go to stderr as one line "arraylens: error: …",
/// then the Python traceback if there is one; the exit code is then 1.
/// Results go to StandardOutput (main() reserves it first), so standard
/// output carries only the result.
class HeadlessRunner {
public:
    HeadlessRunner();
    [[nodiscard]] int run(const CommandLineRequest& request);

private:
    int list(const CommandLineRequest& request);
    int info(const CommandLineRequest& request);
    int exportCsv(const CommandLineRequest& request);
    /// Writes a whole result (listing, JSON) to standard output.
    void printResult(std::string_view text) const;
    /// A script that calls os.fork() returns twice: in the child, control
    /// comes back here too. The child ends at once, quietly, before it can
    /// write a second copy of the result or touch the export.
    void leaveIfForkedChild(int status) const;
    /// Script::load, then leaveIfForkedChild.
    [[nodiscard]] arraylens::Script loadScript(const CommandLineRequest& request) const;

    pid_t owner_;
};
