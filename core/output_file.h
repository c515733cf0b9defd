// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace arraylens {

namespace detail {
struct ResolvedTarget; // what a path names (output_file.cpp)
}

/// Where an export goes, written so that the target is never damaged and
/// nothing is left behind (DESIGN.md decision 10). The path is bytes, as the
/// user gave it: no encoding is assumed.
///
/// What the path names decides how it is written:
/// - A regular file, a symbolic link that resolves to one (through any chain
///   of links), or a new name in an existing folder (a dangling link's
///   target too) is **replaced**: the data goes to an unnamed file in the
///   target's folder (O_TMPFILE; a short hidden random name where the
///   filesystem has no O_TMPFILE), which commit() links in and renames over
///   the target. Until then the old file is untouched. Without commit()
///   nothing is left: not after an error, a cancel, a signal or _exit() (an
///   unnamed file vanishes with its descriptor; a named one is removed by the
///   destructor, or on SIGHUP, SIGINT and SIGTERM, after which the process
///   still dies of that signal). The new file has the old one's permission
///   bits (0777 only: never setuid, setgid or sticky) and, where allowed, its
///   owner; a new file gets 0666 & ~umask. A file the effective user may not
///   write is refused, as the shell's `>` refuses it (root may write any).
/// - One of this process's descriptors (/proc/self/fd/N, /dev/fd/N,
///   /dev/stdout, /dev/stderr, or a link to one) is written **in place**
///   through a duplicate of descriptor N, at its offset and with its flags:
///   a log opened for appending (`>> log`) is appended to, never truncated.
///   Descriptor 1 means standard output as the process started
///   (StandardOutput).
/// - A device or a FIFO is opened and written **in place**, as `>` would (a
///   FIFO waits for its reader; nothing is truncated); a socket, which
///   cannot be opened, is refused. Nothing is ever renamed over them.
/// Failures throw IoError, one line: "cannot write PATH: reason", with PATH
/// as given (printablePath).
class OutputFile {
public:
    /// How the target is written; see the class comment.
    enum class Method { Replace, InPlace };
    /// Where replacing data waits for commit(). Named is what a filesystem
    /// without O_TMPFILE gets; tests ask for it to check that path too.
    enum class Staging { Unnamed, Named };

    /// Resolves the path and opens the target (or the staging file). A FIFO
    /// blocks here until a reader opens it.
    explicit OutputFile(std::string path, Staging staging = Staging::Unnamed);
    /// Standard output (StandardOutput::descriptor()), written in place;
    /// errors say "cannot write to standard output: …".
    [[nodiscard]] static OutputFile standardOutput();
    /// Without commit(): a replacement is discarded, the old file stays.
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    /// Writes all of data (retrying short writes and EINTR); throws IoError.
    void write(std::string_view data);
    /// Completes the output: the replacement takes the target's place at
    /// once, or in-place output is closed. Throws IoError; then a replaced
    /// target is unchanged.
    void commit();

    [[nodiscard]] Method method() const { return method_; }
    /// The path as given.
    [[nodiscard]] const std::string& path() const { return path_; }
    /// What is written after following symbolic links (the path as given
    /// when it names a descriptor).
    [[nodiscard]] const std::string& resolvedPath() const { return resolvedPath_; }
    /// Staging::Named when the filesystem has no O_TMPFILE (or it was asked for).
    [[nodiscard]] Staging staging() const { return staging_; }

private:
    struct StandardOutputTag {};
    explicit OutputFile(StandardOutputTag);

    void openDescriptor(int descriptor);
    void openInPlace(const detail::ResolvedTarget& target);
    void openReplacement(const detail::ResolvedTarget& target, Staging staging);
    void createStaging(Staging staging, bool replacingAFile);
    void commitReplacement();
    [[noreturn]] void fail(const std::string& what, int error) const;
    /// Closes what is open and removes an uncommitted named staging file.
    void release() noexcept;

    std::string path_;
    std::string displayName_; ///< "PATH" or "to standard output", after "cannot write "
    std::string resolvedPath_;
    Method method_ = Method::InPlace;
    Staging staging_ = Staging::Unnamed;
    int fd_ = -1;
    int folderFd_ = -1;        ///< the target's folder (O_PATH), for Replace
    std::string targetName_;   ///< the target's name in that folder
    std::string stagingName_;  ///< Staging::Named: the hidden file's name
    int cleanupSlot_ = -1;     ///< its entry in the signal-time cleanup list
    bool committed_ = false;
};

} // namespace arraylens
