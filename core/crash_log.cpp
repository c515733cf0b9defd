// SPDX-License-Identifier: MIT
#include "core/crash_log.h"

#include "core/errors.h"

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace arraylens {

namespace {

constexpr int kFatalSignals[] = {SIGSEGV, SIGBUS, SIGFPE, SIGABRT, SIGILL};
int g_logFd = -1;

// Runs as the process dies, after faulthandler wrote the traceback into the
// log and handed the signal on: only async-signal-safe calls.
void copyLogToStderrAndDie(int signal)
{
    if (g_logFd >= 0) {
        char chunk[4096];
        off_t offset = 0;
        ssize_t count;
        while ((count = ::pread(g_logFd, chunk, sizeof chunk, offset)) > 0) {
            if (::write(STDERR_FILENO, chunk, static_cast<std::size_t>(count)) < 0)
                break;
            offset += count;
        }
    }
    ::signal(signal, SIG_DFL);
    ::raise(signal);
}

bool isRunning(pid_t pid)
{
    return ::kill(pid, 0) == 0 || errno == EPERM;
}

} // namespace

CrashLog::CrashLog(std::string folder)
{
    std::error_code error;
    std::filesystem::create_directories(folder, error);
    path_ = folder + "/crash-" + std::to_string(::getpid()) + ".log";
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd_ < 0)
        throw IoError("cannot create the crash log " + path_ + ": " + std::strerror(errno));
    g_logFd = fd_;
    struct sigaction action {};
    action.sa_handler = copyLogToStderrAndDie;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_NODEFER;
    for (int signal : kFatalSignals)
        ::sigaction(signal, &action, nullptr);
}

CrashLog::~CrashLog()
{
    for (int signal : kFatalSignals)
        ::signal(signal, SIG_DFL);
    g_logFd = -1;
    ::close(fd_);
    ::unlink(path_.c_str());
}

std::vector<CrashLog::Report> CrashLog::collectPrevious(const std::string& folder)
{
    struct Found {
        std::filesystem::file_time_type time;
        std::filesystem::path path;
    };
    std::vector<Found> found;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(folder, error)) {
        const std::string name = entry.path().filename().string();
        if (!name.starts_with("crash-") || !name.ends_with(".log"))
            continue;
        const std::string digits = name.substr(6, name.size() - 10);
        if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            continue;
        if (isRunning(static_cast<pid_t>(std::stoll(digits))))
            continue; // another ArrayLens, alive: its log is its own
        std::error_code sizeError;
        if (entry.file_size(sizeError) == 0 || sizeError) {
            std::filesystem::remove(entry.path(), sizeError);
            continue;
        }
        found.push_back({entry.last_write_time(sizeError), entry.path()});
    }
    std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) { return a.time < b.time; });

    std::vector<Report> reports;
    const std::string kept = folder + "/last-crash.log";
    for (const Found& file : found) {
        std::ifstream in(file.path, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        reports.push_back({kept, text.str()});
        std::error_code moveError;
        std::filesystem::rename(file.path, kept, moveError); // the newest one stays
        if (moveError)
            std::filesystem::remove(file.path, moveError);
    }
    return reports;
}

} // namespace arraylens
