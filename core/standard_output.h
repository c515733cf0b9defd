// SPDX-License-Identifier: MIT
#pragma once

namespace arraylens {

/// The process's standard output, kept for results alone (DESIGN.md
/// "Command line": standard output carries only the listing, the JSON or
/// the CSV).
///
/// reserve() moves the descriptor the process started with as 1 to a private
/// close-on-exec descriptor and points descriptor 1 at standard error. After
/// it, nothing else can reach the real standard output: not print() to
/// sys.__stdout__, os.write(1, …), C code in an extension, a child process
/// (subprocess.run(["echo", …])) or a script's os.dup2(fd, 1). Results are
/// written to descriptor() (OutputFile::standardOutput() does that), with no
/// stdio buffer that a fork() could copy.
class StandardOutput {
public:
    /// Call once, at start-up, before any other code can write to
    /// descriptor 1 or open files. When standard error is closed, descriptor 1
    /// (and 2) become /dev/null instead, so that no file a script opens later
    /// can take the number 1 or 2. Never throws; if descriptor 1 was closed
    /// at start, descriptor() is -1 and writing a result fails with EBADF.
    static void reserve();

    /// Where results go: the private copy after reserve(), else 1.
    [[nodiscard]] static int descriptor();
};

} // namespace arraylens
