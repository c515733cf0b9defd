// SPDX-License-Identifier: MIT
#pragma once

#include "app/command_line.h"

#include <string_view>
#include <sys/types.h>

#include <memory>

namespace arraylens {
class ArrayData;
class ArraySource;
class SliceSpec;
class Script;
}

/// Runs --list, --info, --export, --stats, --render and --version without a window: loads the script,
/// calls (or opens the data file's dataset), prints. Errors go to stderr as one line "arraylens: error: …",
/// then the Python traceback if there is one; the exit code is then 1.
/// Results go to StandardOutput (main() reserves it first), so standard
/// output carries only the result.
class HeadlessRunner {
public:
    HeadlessRunner();
    ~HeadlessRunner();
    [[nodiscard]] int run(const CommandLineRequest& request);

private:
    int list(const CommandLineRequest& request);
    int info(const CommandLineRequest& request);
    int exportCsv(const CommandLineRequest& request);
    int statistics(const CommandLineRequest& request);
    /// --render: the view as a PNG (PlaneSampler, PngWriter).
    int render(const CommandLineRequest& request);
    /// --version: ArrayLens's, and the Python and NumPy it embeds.
    int version();
    /// openArray(), after which no script code of the call's runs (a lazy
    /// array's reads run its library's code only): Ctrl-C ends the process.
    [[nodiscard]] std::shared_ptr<arraylens::ArrayData> openResult(const CommandLineRequest& request);
    /// The view --export and --stats read: the call's result (or the
    /// dataset) through --slice and --field.
    [[nodiscard]] std::shared_ptr<arraylens::ArraySource> openView(const CommandLineRequest& request,
                                                                   const arraylens::SliceSpec& slice);
    /// Writes a whole result (listing, JSON) to standard output.
    void printResult(std::string_view text) const;
    /// A script that calls os.fork() returns twice: in the child, control
    /// comes back here too. The child ends at once, quietly, before it can
    /// write a second copy of the result or touch the export.
    void leaveIfForkedChild(int status) const;
    /// Script::load, then leaveIfForkedChild.
    [[nodiscard]] arraylens::Script loadScript(const CommandLineRequest& request) const;
    /// The call's result, or the data file's dataset. The script stays
    /// loaded until the run ends: what it set up (a dask cluster, an open
    /// file) serves the export.
    [[nodiscard]] std::shared_ptr<arraylens::ArrayData> openArray(const CommandLineRequest& request);

    pid_t owner_;
    std::unique_ptr<arraylens::Script> script_;
};
