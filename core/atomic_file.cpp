// SPDX-License-Identifier: MIT
#include "core/atomic_file.h"

#include "core/errors.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace arraylens {

namespace {

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

// The process umask, read without setting it: umask(2) can only be read by
// changing it, which would race with files other threads create meanwhile.
mode_t newFileMode()
{
    static const mode_t mask = [] {
        mode_t value = 022;
        if (std::FILE* status = std::fopen("/proc/self/status", "r")) {
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

// A symbolic link is written through, as editors and QSaveFile do: the
// temporary file goes beside the link's target and replaces it.
std::string resolvedTarget(const std::string& path)
{
    struct stat link {};
    if (::lstat(path.c_str(), &link) != 0 || !S_ISLNK(link.st_mode))
        return path;
    char* resolved = ::realpath(path.c_str(), nullptr);
    if (!resolved)
        return path; // a dangling link: replace the link itself
    std::string target(resolved);
    std::free(resolved);
    return target;
}

} // namespace

AtomicFile::AtomicFile(std::string path) : path_(resolvedTarget(path))
{
    struct stat target {};
    const bool exists = ::stat(path_.c_str(), &target) == 0;
    if (exists && S_ISDIR(target.st_mode))
        throw IoError("cannot write " + path_ + ": it is a folder");
    std::string pattern = folderOf(path_) + "/." + fileNameOf(path_) + ".arraylens-XXXXXX";
    fd_ = ::mkstemp(pattern.data());
    if (fd_ < 0) {
        const int error = errno;
        throw IoError("cannot write " + path_ + ": " + std::strerror(error));
    }
    temporaryPath_ = pattern;
    // mkstemp makes 0600; the result should look like any file the user writes.
    ::fchmod(fd_, exists ? (target.st_mode & 07777) : newFileMode());
}

AtomicFile::~AtomicFile()
{
    if (fd_ >= 0)
        ::close(fd_);
    if (!committed_ && !temporaryPath_.empty())
        ::unlink(temporaryPath_.c_str());
}

void AtomicFile::write(std::string_view data)
{
    while (!data.empty()) {
        const ssize_t written = ::write(fd_, data.data(), data.size());
        if (written < 0) {
            if (errno == EINTR)
                continue;
            fail("write", errno);
        }
        data.remove_prefix(static_cast<std::size_t>(written));
    }
}

void AtomicFile::commit()
{
    // No fsync: it would wait for the disk (0.5 s for 171 MB here, longer
    // than formatting the file), which numpy.savetxt and pandas do not do
    // either. Atomicity comes from the rename: readers see the old file or the
    // whole new one, never a part. ext4 (auto_da_alloc) flushes the data of a
    // file renamed over another before the rename reaches the disk.
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0)
        fail("close", errno);
    if (::rename(temporaryPath_.c_str(), path_.c_str()) != 0)
        fail("rename", errno);
    committed_ = true;
}

void AtomicFile::fail(const std::string& what, int error)
{
    throw IoError("cannot write " + path_ + " (" + what + " failed): " + std::strerror(error) +
                  "; the existing file, if any, is unchanged");
}

} // namespace arraylens
