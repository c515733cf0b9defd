// SPDX-License-Identifier: MIT
#pragma once

// Runs the real arraylens binary in a QProcess, for the suites that check
// what a user sees from outside: standard output, standard error, the exit
// code, and whether the process died of a signal.

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

namespace testing {

/// What one run of the binary did.
struct ProcessRun {
    bool started = false;
    bool finished = false;
    QProcess::ExitStatus exitStatus = QProcess::CrashExit;
    int exitCode = -1; ///< the signal number after a CrashExit
    QByteArray out;
    QByteArray err;

    [[nodiscard]] QString firstErrorLine() const { return QString::fromUtf8(err).section('\n', 0, 0); }
    /// Everything after the first line of stderr.
    [[nodiscard]] QString errorRest() const { return QString::fromUtf8(err).section('\n', 1); }
    /// For failure messages: how it ended and what it said.
    [[nodiscard]] QByteArray describe() const;
};

/// How to run it; the defaults suit a headless run.
struct ProcessOptions {
    QString workingDirectory;
    QString standardOutputFile;
    /// Added to (or replacing entries of) the test's own environment.
    QProcessEnvironment extraEnvironment;
    int timeoutMs = 60'000;
    /// Sets the process up further before it starts (channels, child set-up).
    std::function<void(QProcess&)> prepare;
};

/// Runs `program` with `arguments` (QT_QPA_PLATFORM=offscreen) and collects
/// what it did; a run past the timeout is killed.
ProcessRun runProgram(const QString& program, const QStringList& arguments, const ProcessOptions& options = {});
/// runProgram() of ARRAYLENS_BINARY.
ProcessRun runArrayLens(const QStringList& arguments, const ProcessOptions& options = {});

} // namespace testing
