// SPDX-License-Identifier: MIT
#include "core/output_file.h"

#include "core/errors.h"
#include "core/path_text.h"
#include "core/standard_output.h"

#include <array>
#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <linux/magic.h>
#include <mutex>
#include <optional>
#include <poll.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <unistd.h>
#include <utility>
#include <vector>

namespace arraylens {

namespace detail {

/// What a path names, once symbolic links are followed.
struct ResolvedTarget {
    enum class Kind {
        NewFile,     ///< nothing there yet; its folder may or may not exist
        RegularFile, ///< replaced
        Descriptor,  ///< one of this process's descriptors, written through a duplicate
        InPlace,     ///< a device or FIFO (or what another process's descriptor link names)
    };
    Kind kind = Kind::NewFile;
    std::string path;       ///< after following links
    struct stat status {};  ///< RegularFile: the file replaced
    int descriptor = -1;    ///< Descriptor: its number
    bool truncate = false;  ///< InPlace: open with O_TRUNC, as `>` does for a file
};

} // namespace detail

using detail::ResolvedTarget;

namespace {

// The kernel's limit on links followed in one lookup.
constexpr std::size_t kMaxLinks = 40;

std::string folderOf(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    if (slash == std::string::npos)
        return ".";
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string fileNameOf(const std::string& path)
{
    const std::size_t slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

IoError cannotWrite(const std::string& path, const std::string& reason)
{
    return IoError("cannot write " + printablePath(path) + ": " + reason);
}

bool sameFile(const struct stat& a, const struct stat& b)
{
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

// The process umask, read without setting it: umask(2) can only be read by
// changing it, which would race with files other threads create meanwhile.
mode_t newFileMode()
{
    static const mode_t mask = [] {
        mode_t value = 022;
        if (std::FILE* status = std::fopen("/proc/self/status", "re")) {
            char line[256];
            while (std::fgets(line, sizeof line, status))
                if (std::strncmp(line, "Umask:", 6) == 0)
                    value = static_cast<mode_t>(std::strtoul(line + 6, nullptr, 8));
            std::fclose(status);
        }
        return value;
    }();
    return 0666 & ~mask;
}

// N when `path` is this process's /proc/self/fd/N, however it is spelled
// (/dev/fd/N, /proc/PID/fd/N, /proc/thread-self/fd/N, a link to the
// folder): the folder is compared by identity, not by name. Checked before
// the path is looked at itself, because N need not be open.
std::optional<int> ownDescriptorNumber(const std::string& path)
{
    const std::string name = fileNameOf(path);
    if (name.empty() || name.size() > 9 || name.find_first_not_of("0123456789") != std::string::npos)
        return std::nullopt;
    struct stat folder {};
    if (::stat(folderOf(path).c_str(), &folder) != 0)
        return std::nullopt;
    for (const char* ownFolder : {"/proc/self/fd", "/proc/thread-self/fd"}) {
        struct stat own {};
        if (::stat(ownFolder, &own) == 0 && sameFile(folder, own))
            return std::atoi(name.c_str());
    }
    return std::nullopt;
}

// A link in /proc (/proc/PID/fd/N of another process, /proc/self/cwd, …) is
// "magic": what readlink() shows ("pipe:[123]", "/tmp/x (deleted)") is not
// a path to follow. Only the kernel can follow it.
bool isInProcfs(const std::string& folder)
{
    struct statfs status {};
    return ::statfs(folder.c_str(), &status) == 0 && status.f_type == PROC_SUPER_MAGIC;
}

std::string readLink(const std::string& given, const std::string& link)
{
    std::vector<char> buffer(256);
    for (;;) {
        const ssize_t length = ::readlink(link.c_str(), buffer.data(), buffer.size());
        if (length < 0)
            throw cannotWrite(given, std::strerror(errno));
        if (static_cast<std::size_t>(length) < buffer.size())
            return std::string(buffer.data(), static_cast<std::size_t>(length));
        buffer.resize(buffer.size() * 2);
    }
}

ResolvedTarget classify(const std::string& given, const std::string& path, const struct stat& status,
                            bool throughProcLink)
{
    using Kind = ResolvedTarget::Kind;
    if (S_ISDIR(status.st_mode))
        throw cannotWrite(given, "it is a folder");
    if (S_ISSOCK(status.st_mode))
        throw cannotWrite(given, "it is a socket, which cannot be opened as a file");
    if (S_ISREG(status.st_mode)) {
        // Another process's open file has no path to replace it by: write it
        // as `>` would.
        if (throughProcLink)
            return {Kind::InPlace, path, status, -1, true};
        return {Kind::RegularFile, path, status, -1, false};
    }
    return {Kind::InPlace, path, status, -1, false};
}

// Follows the path to what it names (see the class comment for the kinds).
ResolvedTarget resolve(const std::string& given)
{
    using Kind = ResolvedTarget::Kind;
    std::string current = given;
    std::string chain = printablePath(given);
    std::vector<std::pair<dev_t, ino_t>> linksSeen;
    for (;;) {
        if (const std::optional<int> descriptor = ownDescriptorNumber(current))
            return {Kind::Descriptor, current, {}, *descriptor, false};
        struct stat status {};
        if (::lstat(current.c_str(), &status) != 0) {
            const int error = errno;
            if (error == ENOENT)
                return {Kind::NewFile, current, {}, -1, false};
            throw cannotWrite(given, std::strerror(error));
        }
        if (!S_ISLNK(status.st_mode))
            return classify(given, current, status, false);
        if (isInProcfs(folderOf(current))) {
            if (::stat(current.c_str(), &status) != 0)
                throw cannotWrite(given, std::strerror(errno));
            return classify(given, current, status, true);
        }
        for (const auto& [device, inode] : linksSeen)
            if (device == status.st_dev && inode == status.st_ino)
                throw cannotWrite(given, "its symbolic links form a loop (" + chain + ")");
        if (linksSeen.size() >= kMaxLinks)
            throw cannotWrite(given, std::strerror(ELOOP));
        linksSeen.emplace_back(status.st_dev, status.st_ino);
        const std::string target = readLink(given, current);
        chain += " -> " + printablePath(target);
        current = target.starts_with('/') ? target : folderOf(current) + "/" + target;
    }
}

// 0, or the errno of the write that failed.
int writeAll(int fd, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t written = ::write(fd, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                // A descriptor someone made non-blocking (a shared pipe or
                // terminal): wait until it takes more.
                pollfd ready{fd, POLLOUT, 0};
                ::poll(&ready, 1, -1);
                continue;
            }
            return errno;
        }
        if (written == 0)
            return EIO;
        data.remove_prefix(static_cast<std::size_t>(written));
    }
    return 0;
}

// A short name (it must fit NAME_MAX beside any target name), hidden, and
// unlikely to exist: 8 random letters or digits, 47 bits.
std::string randomStagingName()
{
    constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    unsigned char random[8] = {};
    if (::getrandom(random, sizeof random, GRND_NONBLOCK) != static_cast<ssize_t>(sizeof random)) {
        static std::atomic<unsigned> counter = 0;
        std::uint64_t mixed = static_cast<std::uint64_t>(std::time(nullptr)) * 6364136223846793005ULL +
                              (static_cast<std::uint64_t>(::getpid()) << 20) + counter++;
        std::memcpy(random, &mixed, sizeof random);
    }
    std::string name = ".arraylens-";
    for (const unsigned char byte : random)
        name += kAlphabet[byte % (sizeof kAlphabet - 1)];
    return name;
}

// ---- Visible staging files are removed on SIGHUP, SIGINT and SIGTERM.
//
// A named staging file (no O_TMPFILE), and the moment between linking an
// unnamed one in and renaming it, would otherwise outlive a kill. While any
// such name exists, these signals, when they would end the process, first
// remove the names, then end it as before (same signal, same exit status).
// The handler runs on any thread at any moment: it reads only lock-free
// atomics and fixed storage and calls only async-signal-safe functions.

constexpr std::array kCleanupSignals{SIGHUP, SIGINT, SIGTERM};

struct CleanupSlot {
    std::atomic<bool> active = false;
    int folderFd = -1;
    char name[32] = {};
};

std::array<CleanupSlot, 16> g_cleanupSlots;
std::mutex g_cleanupMutex; // claiming slots, installing handlers; never taken in the handler
int g_activeSlots = 0;
std::array<bool, kCleanupSignals.size()> g_handlerInstalled{};

void removeStagingFilesAndDie(int signalNumber)
{
    const int savedErrno = errno;
    for (CleanupSlot& slot : g_cleanupSlots)
        if (slot.active.load())
            ::unlinkat(slot.folderFd, slot.name, 0);
    // SA_RESETHAND has put back the default action; the signal, blocked while
    // this handler runs, ends the process as soon as it returns.
    ::raise(signalNumber);
    errno = savedErrno;
}

void installCleanupHandlers()
{
    for (std::size_t i = 0; i < kCleanupSignals.size(); ++i) {
        struct sigaction current {};
        if (::sigaction(kCleanupSignals[i], nullptr, &current) != 0)
            continue;
        // Only where the signal would end the process: an ignored signal
        // stays ignored (nohup), a handler someone set stays theirs.
        if ((current.sa_flags & SA_SIGINFO) || current.sa_handler != SIG_DFL)
            continue;
        struct sigaction cleanup {};
        cleanup.sa_handler = removeStagingFilesAndDie;
        cleanup.sa_flags = SA_RESETHAND;
        sigemptyset(&cleanup.sa_mask);
        for (const int other : kCleanupSignals)
            sigaddset(&cleanup.sa_mask, other);
        g_handlerInstalled[i] = ::sigaction(kCleanupSignals[i], &cleanup, nullptr) == 0;
    }
}

void removeCleanupHandlers()
{
    for (std::size_t i = 0; i < kCleanupSignals.size(); ++i) {
        if (!g_handlerInstalled[i])
            continue;
        g_handlerInstalled[i] = false;
        struct sigaction current {};
        if (::sigaction(kCleanupSignals[i], nullptr, &current) != 0 || (current.sa_flags & SA_SIGINFO) ||
            current.sa_handler != removeStagingFilesAndDie)
            continue; // replaced meanwhile: not ours to undo
        struct sigaction standard {};
        standard.sa_handler = SIG_DFL;
        sigemptyset(&standard.sa_mask);
        ::sigaction(kCleanupSignals[i], &standard, nullptr);
    }
}

/// Registers a name to remove on those signals; -1 when all slots are taken
/// (16 exports staging at once), then that one name is not covered.
int addCleanup(int folderFd, const std::string& name)
{
    std::lock_guard lock(g_cleanupMutex);
    for (std::size_t i = 0; i < g_cleanupSlots.size(); ++i) {
        CleanupSlot& slot = g_cleanupSlots[i];
        if (slot.active.load())
            continue;
        slot.folderFd = folderFd;
        std::snprintf(slot.name, sizeof slot.name, "%s", name.c_str());
        if (g_activeSlots++ == 0)
            installCleanupHandlers();
        slot.active.store(true);
        return static_cast<int>(i);
    }
    return -1;
}

void removeCleanup(int index)
{
    if (index < 0)
        return;
    std::lock_guard lock(g_cleanupMutex);
    g_cleanupSlots[static_cast<std::size_t>(index)].active.store(false);
    if (--g_activeSlots == 0)
        removeCleanupHandlers();
}

} // namespace

OutputFile::OutputFile(std::string path, Staging staging) : path_(std::move(path)), displayName_(printablePath(path_))
{
    if (path_.empty())
        throw IoError("cannot write an empty path");
    try {
        const ResolvedTarget target = resolve(path_);
        resolvedPath_ = target.path;
        switch (target.kind) {
        case ResolvedTarget::Kind::Descriptor:
            openDescriptor(target.descriptor == STDOUT_FILENO ? StandardOutput::descriptor() : target.descriptor);
            break;
        case ResolvedTarget::Kind::InPlace:
            openInPlace(target);
            break;
        case ResolvedTarget::Kind::NewFile:
        case ResolvedTarget::Kind::RegularFile:
            openReplacement(target, staging);
            break;
        }
    } catch (...) {
        release(); // no destructor runs for a constructor that throws
        throw;
    }
}

OutputFile::OutputFile(StandardOutputTag) : path_("-"), displayName_("to standard output"), resolvedPath_("-")
{
    try {
        openDescriptor(StandardOutput::descriptor());
    } catch (...) {
        release();
        throw;
    }
}

OutputFile OutputFile::standardOutput()
{
    return OutputFile(StandardOutputTag{});
}

OutputFile::~OutputFile()
{
    release();
}

void OutputFile::release() noexcept
{
    if (fd_ >= 0)
        ::close(std::exchange(fd_, -1));
    if (!committed_ && !stagingName_.empty())
        ::unlinkat(folderFd_, stagingName_.c_str(), 0);
    stagingName_.clear();
    removeCleanup(std::exchange(cleanupSlot_, -1));
    if (folderFd_ >= 0)
        ::close(std::exchange(folderFd_, -1));
}

void OutputFile::openDescriptor(int descriptor)
{
    method_ = Method::InPlace;
    // A duplicate shares the open file: its offset and its O_APPEND. Never
    // a reopen through /proc, which would start at offset 0 (with O_TRUNC:
    // an empty log).
    fd_ = descriptor < 0 ? -1 : ::fcntl(descriptor, F_DUPFD_CLOEXEC, 3);
    if (fd_ < 0)
        fail("dup", descriptor < 0 ? EBADF : errno);
    const int flags = ::fcntl(fd_, F_GETFL);
    if (flags != -1 && ((flags & O_PATH) || (flags & O_ACCMODE) == O_RDONLY))
        throw IoError("cannot write " + displayName_ + ": the descriptor is open for reading only");
}

void OutputFile::openInPlace(const ResolvedTarget& target)
{
    method_ = Method::InPlace;
    fd_ = ::open(target.path.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC | (target.truncate ? O_TRUNC : 0));
    if (fd_ < 0)
        fail("open", errno);
}

void OutputFile::openReplacement(const ResolvedTarget& target, Staging staging)
{
    method_ = Method::Replace;
    targetName_ = fileNameOf(target.path);
    if (targetName_.empty() || targetName_ == "." || targetName_ == "..")
        throw cannotWrite(path_, "it names a folder, not a file");
    folderFd_ = ::open(folderOf(target.path).c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (folderFd_ < 0)
        throw cannotWrite(path_, std::strerror(errno));
    const bool exists = target.kind == ResolvedTarget::Kind::RegularFile;
    // As `>` in the shell, and cp: a file the effective user may not write is
    // refused, though replacing it would only need the folder's permission.
    if (exists && ::faccessat(AT_FDCWD, target.path.c_str(), W_OK, AT_EACCESS) != 0)
        throw cannotWrite(path_, std::string(std::strerror(errno)) + " (the file is not writable for this user)");
    createStaging(staging, exists);
    if (exists && (target.status.st_uid != ::geteuid() || target.status.st_gid != ::getegid())) {
        // Keep the owner where allowed (root; a group the user is in), so
        // that a file root rewrites stays its user's.
        if (::fchown(fd_, target.status.st_uid, target.status.st_gid) != 0 &&
            ::fchown(fd_, static_cast<uid_t>(-1), target.status.st_gid) != 0) {
        }
    }
    // The staging file was made 0600, so no one else could open it
    // meanwhile. Only permission bits: never setuid, setgid or sticky.
    ::fchmod(fd_, exists ? (target.status.st_mode & 0777) : newFileMode());
}

void OutputFile::createStaging(Staging staging, bool replacingAFile)
{
    const auto refuse = [&](int error) {
        std::string reason = std::strerror(error);
        if (error == EACCES && replacingAFile)
            reason += " (the file's folder must be writable: ArrayLens replaces a file whole)";
        throw cannotWrite(path_, reason);
    };
    if (staging == Staging::Unnamed) {
        staging_ = Staging::Unnamed;
        fd_ = ::openat(folderFd_, ".", O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
        if (fd_ >= 0)
            return;
        // EOPNOTSUPP: the filesystem has none; EISDIR: the kernel has none.
        if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL)
            refuse(errno);
    }
    staging_ = Staging::Named;
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::string name = randomStagingName();
        // Registered before it exists, so that no moment has it on disk and
        // unknown to the signal handler.
        cleanupSlot_ = addCleanup(folderFd_, name);
        fd_ = ::openat(folderFd_, name.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd_ >= 0) {
            stagingName_ = name;
            return;
        }
        const int error = errno;
        removeCleanup(std::exchange(cleanupSlot_, -1));
        if (error != EEXIST)
            refuse(error);
    }
    refuse(EEXIST);
}

void OutputFile::write(std::string_view data)
{
    if (const int error = writeAll(fd_, data))
        fail("write", error);
}

void OutputFile::commit()
{
    if (committed_)
        return;
    if (method_ == Method::InPlace) {
        const int fd = std::exchange(fd_, -1);
        if (::close(fd) != 0 && errno != EINTR)
            fail("close", errno);
        committed_ = true;
        return;
    }
    commitReplacement();
    committed_ = true;
}

void OutputFile::commitReplacement()
{
    // No fsync: it would wait for the disk (0.5 s for 171 MB here, longer
    // than formatting the file), which numpy.savetxt and pandas do not do
    // either. Atomicity comes from the rename: readers see the old file or
    // the whole new one, never a part. ext4 (auto_da_alloc) flushes the data
    // of a file renamed over another before the rename reaches the disk.
    if (staging_ == Staging::Named) {
        if (::close(std::exchange(fd_, -1)) != 0)
            fail("close", errno);
        if (::renameat(folderFd_, stagingName_.c_str(), folderFd_, targetName_.c_str()) != 0)
            fail("rename", errno);
        stagingName_.clear();
        removeCleanup(std::exchange(cleanupSlot_, -1));
        return;
    }
    // An unnamed file cannot be renamed, and linkat() cannot replace: link it
    // in under a short random name, then rename that over the target.
    const std::string descriptorPath = "/proc/self/fd/" + std::to_string(fd_);
    std::string linkName;
    int slot = -1;
    for (int attempt = 0;; ++attempt) {
        linkName = randomStagingName();
        slot = addCleanup(folderFd_, linkName);
        int result = ::linkat(AT_FDCWD, descriptorPath.c_str(), folderFd_, linkName.c_str(), AT_SYMLINK_FOLLOW);
        int error = errno;
        if (result != 0 && error == ENOENT) {
            // No /proc: AT_EMPTY_PATH does the same where it is allowed (CAP_DAC_READ_SEARCH).
            result = ::linkat(fd_, "", folderFd_, linkName.c_str(), AT_EMPTY_PATH);
            if (result != 0 && errno != EPERM)
                error = errno;
        }
        if (result == 0)
            break;
        removeCleanup(slot);
        if (error != EEXIST || attempt == 100)
            fail("link", error);
    }
    if (::renameat(folderFd_, linkName.c_str(), folderFd_, targetName_.c_str()) != 0) {
        const int error = errno;
        ::unlinkat(folderFd_, linkName.c_str(), 0);
        removeCleanup(slot);
        fail("rename", error);
    }
    removeCleanup(slot);
    ::close(std::exchange(fd_, -1));
}

void OutputFile::fail(const std::string& what, int error) const
{
    if (method_ == Method::InPlace)
        throw IoError("cannot write " + displayName_ + ": " + std::strerror(error));
    throw IoError("cannot write " + displayName_ + " (" + what + " failed): " + std::strerror(error) +
                  "; the existing file, if any, is unchanged");
}

} // namespace arraylens
