// SPDX-License-Identifier: MIT
// OutputFile, the target of every export (DESIGN.md decision 10), against
// real files, links, devices, FIFOs, sockets, descriptors, users and
// signals: what the path names is never damaged, a replacement appears whole
// or not at all, and nothing is left behind. Paths are bytes throughout.
// Cases that need another user or a signal run in a forked child.
#include "core/errors.h"
#include "core/output_file.h"
#include "core/path_text.h"
#include "ui/qt_text.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <climits>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <dirent.h>
#include <filesystem>
#include <fcntl.h>
#include <grp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace arraylens;

Q_DECLARE_METATYPE(OutputFile::Staging)

namespace {

constexpr uid_t kNobody = 65534;

/// A fresh folder, as bytes. Removed with std::filesystem, which takes
/// names as bytes (QDir cannot remove a name that is not UTF-8).
class Folder {
public:
    Folder() = default;
    Folder(const Folder&) = delete;
    Folder& operator=(const Folder&) = delete;
    ~Folder()
    {
        std::error_code ignored;
        std::filesystem::remove_all(path(), ignored);
    }
    [[nodiscard]] bool isValid() const { return dir_.isValid(); }
    [[nodiscard]] std::string path() const { return QFile::encodeName(dir_.path()).toStdString(); }
    [[nodiscard]] std::string operator/(const std::string& name) const { return path() + "/" + name; }

private:
    QTemporaryDir dir_;
};

/// Every name in a folder, hidden ones included, sorted, as bytes.
std::vector<std::string> entriesOf(const std::string& folder)
{
    std::vector<std::string> names;
    if (DIR* dir = ::opendir(folder.c_str())) {
        while (const dirent* entry = ::readdir(dir))
            if (std::strcmp(entry->d_name, ".") != 0 && std::strcmp(entry->d_name, "..") != 0)
                names.emplace_back(entry->d_name);
        ::closedir(dir);
    }
    std::sort(names.begin(), names.end());
    return names;
}

QByteArray listed(const std::vector<std::string>& names)
{
    QByteArray text;
    for (const std::string& name : names)
        text += QByteArray::fromStdString(printablePath(name)) + " ";
    return text;
}

std::string contentOf(const std::string& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return "<missing>";
    std::string content;
    char buffer[65536];
    ssize_t got = 0;
    while ((got = ::read(fd, buffer, sizeof buffer)) > 0)
        content.append(buffer, static_cast<std::size_t>(got));
    ::close(fd);
    return content;
}

bool writeFile(const std::string& path, const std::string& content, mode_t mode = 0644)
{
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return false;
    const bool ok = ::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()) &&
                    ::fchmod(fd, mode) == 0;
    ::close(fd);
    return ok;
}

struct stat lstatOf(const std::string& path)
{
    struct stat status {};
    if (::lstat(path.c_str(), &status) != 0)
        status.st_mode = 0;
    return status;
}

bool sameInode(const struct stat& a, const struct stat& b)
{
    return a.st_dev == b.st_dev && a.st_ino == b.st_ino && a.st_mode == b.st_mode;
}

/// The IoError text of opening, writing and committing `path`; empty on success.
QString failureOf(const std::string& path, const std::string& data = "1,2\n")
{
    try {
        OutputFile file(path);
        file.write(data);
        file.commit();
    } catch (const IoError& error) {
        return QString::fromStdString(error.what());
    }
    return {};
}

/// What a forked child did: its wait status and the text it sent back.
struct ChildOutcome {
    int status = 0;
    QString message;
    [[nodiscard]] bool exitedWith(int code) const { return WIFEXITED(status) && WEXITSTATUS(status) == code; }
    [[nodiscard]] bool killedBy(int signalNumber) const
    {
        return WIFSIGNALED(status) && WTERMSIG(status) == signalNumber;
    }
    [[nodiscard]] QByteArray describe() const
    {
        const QByteArray how = WIFEXITED(status)     ? "exit " + QByteArray::number(WEXITSTATUS(status))
                               : WIFSIGNALED(status) ? "signal " + QByteArray::number(WTERMSIG(status))
                                                     : "status " + QByteArray::number(status);
        return how + ", said: " + message.toUtf8();
    }
};

/// Runs body(reply) in a forked child, which ends with _exit(body's result);
/// what it passes to reply() comes back as the message. Only async-safe-ish
/// core code runs there, never Python or Qt.
template <class Body>
ChildOutcome inChild(Body body)
{
    int channel[2];
    if (::pipe2(channel, O_CLOEXEC) != 0)
        return {-1, "pipe failed"};
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::close(channel[0]);
        const auto reply = [&](const std::string& text) {
            if (::write(channel[1], text.data(), text.size()) < 0) {
            }
        };
        int code = 99;
        try {
            code = body(reply);
        } catch (const std::exception& error) {
            reply(std::string("uncaught: ") + error.what());
        }
        ::_exit(code);
    }
    ::close(channel[1]);
    ChildOutcome outcome;
    QByteArray text;
    char buffer[4096];
    ssize_t got = 0;
    while ((got = ::read(channel[0], buffer, sizeof buffer)) > 0)
        text.append(buffer, got);
    ::close(channel[0]);
    ::waitpid(pid, &outcome.status, 0);
    outcome.message = QString::fromUtf8(text);
    return outcome;
}

void setDefaultAction(int signalNumber)
{
    struct sigaction standard {};
    standard.sa_handler = SIG_DFL;
    sigemptyset(&standard.sa_mask);
    ::sigaction(signalNumber, &standard, nullptr);
}

const char* stagingName(OutputFile::Staging staging)
{
    return staging == OutputFile::Staging::Unnamed ? "unnamed (O_TMPFILE)" : "named (no O_TMPFILE)";
}

void addStagingRows()
{
    QTest::addColumn<OutputFile::Staging>("staging");
    for (const auto staging : {OutputFile::Staging::Unnamed, OutputFile::Staging::Named})
        QTest::newRow(stagingName(staging)) << staging;
}

void signalHandlerForTest(int) {}

} // namespace

class test_export_target_suite : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // ---------------------------------------------------------------- paths are bytes

    void everyByteSurvivesTheTextRoundTrip()
    {
        // All 256 bytes, lone and in every pair, plus real UTF-8 and its
        // look-alikes (overlong, surrogate, > U+10FFFF, truncated).
        std::vector<std::string> samples = {"caf\xc3\xa9.py", "caf\xe9.py", "out\xff.csv", "\xed\xb3\xa9",
                                            "\xc0\xaf", "\xf4\x90\x80\x80", "\xe2\x82", "\xf0\x9f\x98\x80 ok",
                                            "\xef\xbf\xbd"};
        for (int a = 0; a < 256; ++a) {
            samples.emplace_back(1, static_cast<char>(a));
            for (int b = 0; b < 256; ++b)
                samples.push_back({static_cast<char>(a), static_cast<char>(b)});
        }
        for (const std::string& bytes : samples) {
            QVERIFY2(encodeSurrogateEscape(decodeSurrogateEscape(bytes)) == bytes, printablePath(bytes).c_str());
            QVERIFY2(toPathBytes(fromPathBytes(bytes)) == bytes, printablePath(bytes).c_str());
        }
        // As os.fsdecode: valid UTF-8 decodes, each other byte is U+DC00 + byte.
        QCOMPARE(fromPathBytes("caf\xc3\xa9"), QString::fromUtf8("caf\xc3\xa9"));
        QCOMPARE(fromPathBytes("caf\xe9"), QString("caf") + QChar(0xDCE9));
        // Two names that differ in an invalid byte stay two names.
        QVERIFY(fromPathBytes("out\xff.csv") != fromPathBytes("out\xfe.csv"));
    }

    void printablePathsEscapeWhatIsNotText()
    {
        QCOMPARE(printablePath("caf\xc3\xa9.py"), std::string("caf\xc3\xa9.py"));
        QCOMPARE(printablePath("caf\xe9.py"), std::string("caf\\xe9.py"));
        QCOMPARE(printablePath("a\nb\x7f"), std::string("a\\x0ab\\x7f"));
        QCOMPARE(printablePath("\xed\xb3\xa9"), std::string("\\xed\\xb3\\xa9"));
    }

    void namesThatAreNotUtf8AreKept()
    {
        Folder folder;
        QVERIFY(folder.isValid());
        QVERIFY(failureOf(folder / "out\xff.csv", "ff\n").isEmpty());
        QVERIFY(failureOf(folder / "out\xfe.csv", "fe\n").isEmpty());
        QCOMPARE(entriesOf(folder.path()), (std::vector<std::string>{"out\xfe.csv", "out\xff.csv"}));
        QCOMPARE(contentOf(folder / "out\xff.csv"), std::string("ff\n"));
        const QString message = failureOf(folder / "missing\xe9/x.csv");
        QVERIFY2(message.contains("missing\\xe9/x.csv") && message.contains("No such file or directory"),
                 qPrintable(message));
    }

    // ---------------------------------------------------------------- regular files: replaced whole

    void replacesOnlyOnCommit_data() { addStagingRows(); }
    void replacesOnlyOnCommit()
    {
        QFETCH(OutputFile::Staging, staging);
        Folder folder;
        const std::string path = folder / "out.csv";
        QVERIFY(writeFile(path, "old contents\n"));
        const struct stat before = lstatOf(path);
        {
            OutputFile file(path, staging);
            QCOMPARE(file.method(), OutputFile::Method::Replace);
            file.write("new");
            QCOMPARE(contentOf(path), std::string("old contents\n")); // untouched until commit
            // An unnamed staging file is invisible; a named one is short and hidden.
            const auto names = entriesOf(folder.path());
            if (file.staging() == OutputFile::Staging::Unnamed) {
                QCOMPARE(names, std::vector<std::string>{"out.csv"});
            } else {
                QCOMPARE(names.size(), std::size_t(2));
                QVERIFY2(names[0].starts_with(".arraylens-") && names[0].size() < 32, listed(names));
            }
        } // never committed: a cancelled export
        QCOMPARE(contentOf(path), std::string("old contents\n"));
        QVERIFY(sameInode(lstatOf(path), before));
        QCOMPARE(entriesOf(folder.path()), std::vector<std::string>{"out.csv"});

        {
            OutputFile file(path, staging);
            file.write("new contents\n");
            file.commit();
        }
        QCOMPARE(contentOf(path), std::string("new contents\n"));
        QVERIFY2(lstatOf(path).st_ino != before.st_ino, "replaced, so a new inode");
        QCOMPARE(entriesOf(folder.path()), std::vector<std::string>{"out.csv"});
    }

    void newFilesGetTheUmaskMode_data() { addStagingRows(); }
    void newFilesGetTheUmaskMode()
    {
        QFETCH(OutputFile::Staging, staging);
        Folder folder;
        const std::string path = folder / "new.csv";
        {
            OutputFile file(path, staging);
            file.write("1\n");
            file.commit();
        }
        const mode_t mask = ::umask(0);
        ::umask(mask);
        QCOMPARE(int(lstatOf(path).st_mode & 07777), int(0666 & ~mask));
        QCOMPARE(contentOf(path), std::string("1\n"));
        QCOMPARE(entriesOf(folder.path()), std::vector<std::string>{"new.csv"});
    }

    void copiesOnlyPermissionBits_data()
    {
        QTest::addColumn<OutputFile::Staging>("staging");
        QTest::addColumn<int>("oldMode");
        for (const auto staging : {OutputFile::Staging::Unnamed, OutputFile::Staging::Named})
            for (const int mode : {04755, 02750, 06711, 01644, 0600, 0640})
                QTest::addRow("%s, 0%o", stagingName(staging), mode) << staging << mode;
    }
    void copiesOnlyPermissionBits()
    {
        QFETCH(OutputFile::Staging, staging);
        QFETCH(int, oldMode);
        Folder folder;
        const std::string path = folder / "tool.csv";
        QVERIFY(writeFile(path, "old\n", static_cast<mode_t>(oldMode)));
        QCOMPARE(int(lstatOf(path).st_mode & 07777), oldMode);
        {
            OutputFile file(path, staging);
            file.write("new\n");
            file.commit();
        }
        QCOMPARE(int(lstatOf(path).st_mode & 07777), oldMode & 0777);
        QCOMPARE(contentOf(path), std::string("new\n"));
    }

    void keepsTheOwnerWhenRootReplaces()
    {
        if (::geteuid() != 0)
            QSKIP("only root can give a file to another user");
        Folder folder;
        const std::string path = folder / "theirs.csv";
        QVERIFY(writeFile(path, "old\n", 0600));
        QVERIFY(::chown(path.c_str(), kNobody, kNobody) == 0);
        QVERIFY(failureOf(path).isEmpty());
        const struct stat after = lstatOf(path);
        QCOMPARE(after.st_uid, kNobody);
        QCOMPARE(after.st_gid, gid_t(kNobody));
        QCOMPARE(int(after.st_mode & 07777), 0600);
    }

    void fitsTheLongestFileName_data() { addStagingRows(); }
    void fitsTheLongestFileName()
    {
        QFETCH(OutputFile::Staging, staging);
        Folder folder;
        const std::string name = std::string(251, 'n') + ".csv"; // NAME_MAX, 255 bytes
        QCOMPARE(name.size(), std::size_t(NAME_MAX));
        for (const bool exists : {false, true}) {
            if (exists)
                QVERIFY(writeFile(folder / name, "old\n"));
            OutputFile file(folder / name, staging);
            file.write("new\n");
            file.commit();
            QCOMPARE(contentOf(folder / name), std::string("new\n"));
            QCOMPARE(entriesOf(folder.path()), std::vector<std::string>{name});
        }
    }

    void fileSizeLimitLeavesTheOldFile_data() { addStagingRows(); }
    void fileSizeLimitLeavesTheOldFile()
    {
        // ulimit -f: write() fails with EFBIG (SIGXFSZ ignored, as main() does).
        QFETCH(OutputFile::Staging, staging);
        Folder folder;
        const std::string path = folder / "big.csv";
        QVERIFY(writeFile(path, "precious\n"));
        const ChildOutcome child = inChild([&](const auto& reply) {
            std::signal(SIGXFSZ, SIG_IGN);
            struct rlimit limit {};
            ::getrlimit(RLIMIT_FSIZE, &limit);
            limit.rlim_cur = 4096;
            ::setrlimit(RLIMIT_FSIZE, &limit);
            try {
                OutputFile file(path, staging);
                file.write(std::string(100000, 'x'));
                file.commit();
            } catch (const IoError& error) {
                reply(error.what());
                return 1;
            }
            return 0;
        });
        QVERIFY2(child.exitedWith(1), child.describe());
        QVERIFY2(child.message.contains("big.csv") && child.message.contains("File too large") &&
                     child.message.contains("unchanged"),
                 child.describe());
        QCOMPARE(contentOf(path), std::string("precious\n"));
        QCOMPARE(entriesOf(folder.path()), std::vector<std::string>{"big.csv"});
    }

    void signalsLeaveNothingBehind_data()
    {
        QTest::addColumn<OutputFile::Staging>("staging");
        QTest::addColumn<int>("signalNumber");
        QTest::addColumn<bool>("oldFile");
        for (const auto staging : {OutputFile::Staging::Unnamed, OutputFile::Staging::Named})
            for (const int signalNumber : {SIGTERM, SIGINT, SIGHUP})
                for (const bool oldFile : {true, false})
                    QTest::addRow("%s, %s, %s", stagingName(staging), sigabbrev_np(signalNumber),
                                  oldFile ? "old file" : "new name")
                        << staging << signalNumber << oldFile;
    }
    void signalsLeaveNothingBehind()
    {
        // The process dies of the signal (its status is the signal's), the
        // old file is intact, and no staging file survives.
        QFETCH(OutputFile::Staging, staging);
        QFETCH(int, signalNumber);
        QFETCH(bool, oldFile);
        Folder folder;
        const std::string path = folder / "out.csv";
        if (oldFile)
            QVERIFY(writeFile(path, "precious\n"));
        const ChildOutcome child = inChild([&](const auto& reply) {
            // As in arraylens (Qt Test installs handlers of its own).
            for (const int each : {SIGTERM, SIGINT, SIGHUP})
                setDefaultAction(each);
            OutputFile file(path, staging);
            file.write(std::string(1 << 20, 'x'));
            reply(std::to_string(entriesOf(folder.path()).size()));
            ::raise(signalNumber);
            return 0; // not reached
        });
        QVERIFY2(child.killedBy(signalNumber), child.describe());
        // While it wrote, a named staging file existed (so the check below means something).
        QCOMPARE(child.message.toInt(), int(oldFile) + (staging == OutputFile::Staging::Named ? 1 : 0));
        QCOMPARE(contentOf(path), oldFile ? std::string("precious\n") : std::string("<missing>"));
        QCOMPARE(entriesOf(folder.path()), oldFile ? std::vector<std::string>{"out.csv"} : std::vector<std::string>{});
    }

    void signalDispositionsAreRestored()
    {
        // The cleanup handler is there only while a named staging file
        // exists, and only where the signal would end the process: an
        // ignored SIGHUP (nohup) stays ignored, a handler set by someone
        // else stays theirs.
        const ChildOutcome child = inChild([](const auto& reply) {
            Folder folder;
            std::signal(SIGHUP, SIG_IGN);
            std::signal(SIGINT, signalHandlerForTest);
            setDefaultAction(SIGTERM);
            const auto action = [](int signalNumber) {
                struct sigaction current {};
                ::sigaction(signalNumber, nullptr, &current);
                return current.sa_handler;
            };
            {
                OutputFile file(folder / "x.csv", OutputFile::Staging::Named);
                if (action(SIGHUP) != SIG_IGN || action(SIGINT) != signalHandlerForTest)
                    return reply("another's disposition was changed"), 1;
                if (action(SIGTERM) == SIG_DFL)
                    return reply("no cleanup handler while a named staging file exists"), 1;
                file.write("x");
                file.commit();
            }
            if (action(SIGTERM) != SIG_DFL)
                return reply("SIGTERM was not given back its default action"), 1;
            return 0;
        });
        QVERIFY2(child.exitedWith(0), child.describe());
    }

    // ---------------------------------------------------------------- permissions

    void readOnlyFileIsRefusedForAnOrdinaryUser()
    {
        // As the shell's `>`: a file the effective user may not write is
        // refused, though its folder would allow replacing it. A second
        // file, writable, shows the refusal is the mode's doing.
        Folder folder;
        QVERIFY(::chmod(folder.path().c_str(), 0777) == 0);
        const std::string readOnly = folder / "read-only.csv";
        const std::string writable = folder / "writable.csv";
        QVERIFY(writeFile(readOnly, "keep me\n", 0444));
        QVERIFY(writeFile(writable, "old\n", 0644));
        const bool root = ::geteuid() == 0;
        if (root) {
            QVERIFY(::chown(readOnly.c_str(), kNobody, kNobody) == 0);
            QVERIFY(::chown(writable.c_str(), kNobody, kNobody) == 0);
        }
        const ChildOutcome child = inChild([&](const auto& reply) {
            if (root && (::setgroups(0, nullptr) != 0 || ::setgid(kNobody) != 0 || ::setuid(kNobody) != 0))
                return reply("cannot become nobody"), 2;
            const std::size_t descriptors = entriesOf("/proc/self/fd").size();
            const QString refused = failureOf(readOnly);
            if (entriesOf("/proc/self/fd").size() != descriptors)
                return reply("the refusal left a descriptor open"), 4;
            if (!failureOf(writable).isEmpty())
                return reply("the writable file failed too"), 3;
            reply(refused.toStdString());
            return 0;
        });
        QVERIFY2(child.exitedWith(0), child.describe());
        QVERIFY2(child.message.contains("cannot write " + QString::fromStdString(readOnly) + ": Permission denied"),
                 child.describe());
        QCOMPARE(contentOf(readOnly), std::string("keep me\n"));
        QCOMPARE(int(lstatOf(readOnly).st_mode & 07777), 0444);
        QCOMPARE(contentOf(writable), std::string("1,2\n"));
        QCOMPARE(entriesOf(folder.path()), (std::vector<std::string>{"read-only.csv", "writable.csv"}));
    }

    void rootMayReplaceAReadOnlyFile()
    {
        if (::geteuid() != 0)
            QSKIP("root's rule");
        // `>` as root writes a 0444 file; so does an export, keeping the mode.
        Folder folder;
        const std::string path = folder / "read-only.csv";
        QVERIFY(writeFile(path, "old\n", 0444));
        QVERIFY(failureOf(path).isEmpty());
        QCOMPARE(contentOf(path), std::string("1,2\n"));
        QCOMPARE(int(lstatOf(path).st_mode & 07777), 0444);
    }

    // ---------------------------------------------------------------- symbolic links

    void writesTheFileALinkNames()
    {
        // The link stays; the file it names (in another folder) is replaced,
        // staged in that file's folder.
        Folder linkFolder;
        Folder fileFolder;
        const std::string target = fileFolder / "real.csv";
        const std::string link = linkFolder / "link.csv";
        QVERIFY(writeFile(target, "old\n"));
        QVERIFY(::symlink(target.c_str(), link.c_str()) == 0);
        const struct stat linkBefore = lstatOf(link);
        {
            OutputFile file(link);
            QCOMPARE(file.method(), OutputFile::Method::Replace);
            QCOMPARE(file.resolvedPath(), target);
            file.write("new\n");
            file.commit();
        }
        QVERIFY(sameInode(lstatOf(link), linkBefore));
        QCOMPARE(contentOf(target), std::string("new\n"));
        QCOMPARE(entriesOf(linkFolder.path()), std::vector<std::string>{"link.csv"});
        QCOMPARE(entriesOf(fileFolder.path()), std::vector<std::string>{"real.csv"});
    }

    void danglingLinkGetsItsTargetCreated()
    {
        Folder folder;
        QVERIFY(::mkdir((folder / "sub").c_str(), 0755) == 0);
        QVERIFY(::symlink("sub/new.csv", (folder / "relative").c_str()) == 0);          // relative to the link
        QVERIFY(::symlink((folder / "abs.csv").c_str(), (folder / "absolute").c_str()) == 0);
        QVERIFY(::symlink("relative", (folder / "chain").c_str()) == 0);                // a link to a dangling link
        QVERIFY(failureOf(folder / "chain", "1\n").isEmpty());
        QVERIFY(failureOf(folder / "absolute", "2\n").isEmpty());
        QVERIFY(S_ISLNK(lstatOf(folder / "relative").st_mode));
        QVERIFY(S_ISLNK(lstatOf(folder / "absolute").st_mode));
        QVERIFY(S_ISLNK(lstatOf(folder / "chain").st_mode));
        QCOMPARE(contentOf(folder / "sub/new.csv"), std::string("1\n"));
        QCOMPARE(contentOf(folder / "abs.csv"), std::string("2\n"));
        QCOMPARE(entriesOf(folder / "sub"), std::vector<std::string>{"new.csv"});

        // Only in a folder that exists; the link stays as it was.
        QVERIFY(::symlink("missing/x.csv", (folder / "nowhere").c_str()) == 0);
        const QString message = failureOf(folder / "nowhere");
        QVERIFY2(message.contains("No such file or directory"), qPrintable(message));
        QVERIFY(S_ISLNK(lstatOf(folder / "nowhere").st_mode));
    }

    void linkLoopIsAnError()
    {
        Folder folder;
        QVERIFY(::symlink("b", (folder / "a").c_str()) == 0);
        QVERIFY(::symlink("a", (folder / "b").c_str()) == 0);
        QVERIFY(::symlink("self", (folder / "self").c_str()) == 0);
        const struct stat aBefore = lstatOf(folder / "a");
        const struct stat bBefore = lstatOf(folder / "b");
        const QString loop = failureOf(folder / "a");
        QVERIFY2(loop.contains("cannot write " + QString::fromStdString(folder / "a") +
                               ": its symbolic links form a loop (" + QString::fromStdString(folder / "a") +
                               " -> b -> a)"),
                 qPrintable(loop));
        const QString self = failureOf(folder / "self");
        QVERIFY2(self.contains("form a loop") && self.contains("self -> self)"), qPrintable(self));
        QVERIFY(sameInode(lstatOf(folder / "a"), aBefore));
        QVERIFY(sameInode(lstatOf(folder / "b"), bBefore));
        QCOMPARE(entriesOf(folder.path()), (std::vector<std::string>{"a", "b", "self"}));
    }

    // ---------------------------------------------------------------- devices, FIFOs, sockets: in place or refused

    void devicesAreWrittenInPlace()
    {
        const struct stat nullBefore = lstatOf("/dev/null");
        const struct stat fullBefore = lstatOf("/dev/full");
        QVERIFY(S_ISCHR(nullBefore.st_mode) && S_ISCHR(fullBefore.st_mode));
        {
            OutputFile file("/dev/null");
            QCOMPARE(file.method(), OutputFile::Method::InPlace);
            file.write(std::string(100000, 'x'));
            file.commit();
        }
        const QString full = failureOf("/dev/full");
        QCOMPARE(full, QString("cannot write /dev/full: No space left on device"));
        for (const auto& [path, before] : {std::pair{"/dev/null", nullBefore}, std::pair{"/dev/full", fullBefore}}) {
            const struct stat after = lstatOf(path);
            QVERIFY2(sameInode(after, before) && after.st_rdev == before.st_rdev, path);
        }
    }

    void fifoIsWrittenInPlace()
    {
        Folder folder;
        const std::string fifo = folder / "pipe";
        QVERIFY(::mkfifo(fifo.c_str(), 0600) == 0);
        const struct stat before = lstatOf(fifo);
        // The reader opens the FIFO through a descriptor of its inode, so that
        // it can be let go even if the path were replaced (it would wait forever).
        const int inode = ::open(fifo.c_str(), O_PATH | O_CLOEXEC);
        QVERIFY(inode >= 0);
        const std::string byInode = "/proc/self/fd/" + std::to_string(inode);
        std::string received;
        std::thread reader([&] { received = contentOf(byInode); });
        const std::string data = std::string(200000, 'y') + "\n"; // more than a pipe holds
        QString message;
        try {
            OutputFile file(fifo); // waits for the reader
            QCOMPARE(file.method(), OutputFile::Method::InPlace);
            file.write(data);
            file.commit();
        } catch (const IoError& error) {
            message = error.what();
        }
        if (const int release = ::open(byInode.c_str(), O_WRONLY | O_NONBLOCK | O_CLOEXEC); release >= 0)
            ::close(release); // only opens while the reader still waits
        reader.join();
        ::close(inode);
        QVERIFY2(message.isEmpty(), qPrintable(message));
        QVERIFY(received == data);
        QVERIFY(sameInode(lstatOf(fifo), before));
        QCOMPARE(entriesOf(folder.path()), std::vector<std::string>{"pipe"});
    }

    void socketIsRefused()
    {
        Folder folder;
        const std::string path = folder / "socket";
        const int listener = ::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_un address {};
        address.sun_family = AF_UNIX;
        QVERIFY(path.size() < sizeof address.sun_path);
        std::strcpy(address.sun_path, path.c_str());
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        QVERIFY(::listen(listener, 1) == 0);
        const struct stat before = lstatOf(path);
        const QString message = failureOf(path);
        ::close(listener);
        QCOMPARE(message, "cannot write " + QString::fromStdString(path) + ": it is a socket, which cannot be opened as a file");
        QVERIFY(S_ISSOCK(lstatOf(path).st_mode) && sameInode(lstatOf(path), before));
        QCOMPARE(entriesOf(folder.path()), std::vector<std::string>{"socket"});
    }

    void ownDescriptorsAreWrittenThrough_data()
    {
        QTest::addColumn<QString>("spelling"); // %1: the descriptor
        QTest::newRow("/proc/self/fd/N") << "/proc/self/fd/%1";
        QTest::newRow("/dev/fd/N") << "/dev/fd/%1";
        QTest::newRow("/proc/PID/fd/N") << QString("/proc/%1/fd/").arg(::getpid()) + "%1";
        QTest::newRow("/proc/thread-self/fd/N") << "/proc/thread-self/fd/%1";
        QTest::newRow("a link to /proc/self/fd/N") << "LINK";
    }
    void ownDescriptorsAreWrittenThrough()
    {
        QFETCH(QString, spelling);
        Folder folder;
        int ends[2];
        QVERIFY(::pipe2(ends, O_CLOEXEC) == 0);
        std::string path;
        if (spelling != "LINK") {
            path = spelling.arg(ends[1]).toStdString();
        } else {
            path = folder / "link";
            QVERIFY(::symlink(("/proc/self/fd/" + std::to_string(ends[1])).c_str(), path.c_str()) == 0);
        }
        QString message;
        try {
            OutputFile file(path);
            QCOMPARE(file.method(), OutputFile::Method::InPlace);
            file.write("through the pipe\n");
            file.commit();
        } catch (const IoError& error) {
            message = error.what();
        }
        ::close(ends[1]);
        QVERIFY2(message.isEmpty(), qPrintable(message));
        char buffer[64] = {};
        QCOMPARE(::read(ends[0], buffer, sizeof buffer), ssize_t(17));
        ::close(ends[0]);
        QCOMPARE(std::string(buffer), std::string("through the pipe\n"));
        QCOMPARE(entriesOf(folder.path()), spelling == "LINK" ? std::vector<std::string>{"link"} : std::vector<std::string>{});
    }

    void logOpenedForAppendingIsAppendedTo()
    {
        // `--export LINK >> log.txt`, LINK -> /proc/self/fd/N: the log keeps
        // its lines and gets the export after them (a reopen with O_TRUNC,
        // as `>` does, would empty it; a rename would replace it).
        Folder folder;
        const std::string log = folder / "log.txt";
        QVERIFY(writeFile(log, "line 1\nline 2\n"));
        const struct stat before = lstatOf(log);
        const int appending = ::open(log.c_str(), O_WRONLY | O_APPEND | O_CLOEXEC);
        QVERIFY(appending >= 0);
        QVERIFY(::symlink(("/proc/self/fd/" + std::to_string(appending)).c_str(), (folder / "link").c_str()) == 0);
        const QString message = failureOf(folder / "link", "0,1\n");
        ::close(appending);
        QVERIFY2(message.isEmpty(), qPrintable(message));
        QCOMPARE(contentOf(log), std::string("line 1\nline 2\n0,1\n"));
        QVERIFY(sameInode(lstatOf(log), before));
        QCOMPARE(entriesOf(folder.path()), (std::vector<std::string>{"link", "log.txt"}));
    }

    void closedOrReadOnlyDescriptorsAreRefused()
    {
        const int closed = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        ::close(closed);
        const QString notOpen = failureOf("/dev/fd/" + std::to_string(closed));
        QVERIFY2(notOpen.contains("Bad file descriptor"), qPrintable(notOpen));
        const int readOnly = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        const QString reading = failureOf("/proc/self/fd/" + std::to_string(readOnly));
        ::close(readOnly);
        QVERIFY2(reading.contains("open for reading only"), qPrintable(reading));
    }

    void refusalsLeaveNoDescriptorOpen()
    {
        Folder folder;
        QVERIFY(::symlink("loop", (folder / "loop").c_str()) == 0);
        const int readOnly = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        const std::size_t before = entriesOf("/proc/self/fd").size();
        for (int i = 0; i < 10; ++i) {
            QVERIFY(!failureOf("/proc/self/fd/" + std::to_string(readOnly)).isEmpty()); // refused after dup()
            QVERIFY(!failureOf(folder.path()).isEmpty());
            QVERIFY(!failureOf(folder / "loop").isEmpty());
            QVERIFY(!failureOf(folder / "missing/x.csv").isEmpty());
            QVERIFY(!failureOf("/dev/full").isEmpty()); // fails in write()
        }
        ::close(readOnly);
        QCOMPARE(entriesOf("/proc/self/fd").size(), before - 1);
    }

    void foldersAreRefused()
    {
        Folder folder;
        QVERIFY(failureOf(folder.path()).endsWith(": it is a folder"));
        QVERIFY(failureOf(folder.path() + "/").endsWith(": it is a folder"));
        QVERIFY(failureOf(folder / "no-such/").contains("cannot write"));
        QVERIFY(failureOf("").contains("empty path"));
        QVERIFY(entriesOf(folder.path()).empty());
    }
};

QTEST_GUILESS_MAIN(test_export_target_suite)
#include "test_export_target.moc"
