// SPDX-License-Identifier: MIT
#pragma once

#include "app/command_line.h"

#include <cstdio>

/// Runs --list, --info and --export without a window: loads the script,
/// calls, prints. Errors go to stderr as one line "arraylens: error: …",
/// then the Python traceback if there is one; the exit code is then 1.
/// Standard output carries only the result: what the script prints goes to
/// standard error.
class HeadlessRunner {
public:
    HeadlessRunner(std::FILE* out, std::FILE* err) : out_(out), err_(err) {}
    [[nodiscard]] int run(const CommandLineRequest& request);

private:
    int list(const CommandLineRequest& request);
    int info(const CommandLineRequest& request);
    int exportCsv(const CommandLineRequest& request);

    std::FILE* out_;
    std::FILE* err_;
};
