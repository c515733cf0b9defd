// SPDX-License-Identifier: MIT
#pragma once

#include <QMessageBox>
#include <QObject>
#include <QPointer>
#include <QStringList>

class PythonWorker;
class QTimer;
class QWidget;

/// Decides when the main window may close. Python waits at exit for every
/// non-daemon thread a script started (a thread may be writing data), so
/// quitting while one runs would freeze the app with no word. The guard asks
/// the worker which still run; when some do, it names them and offers to
/// wait for them (the window closes when the last one ends) or to quit
/// anyway (the process then ends without finalizing Python).
class QuitGuard : public QObject {
    Q_OBJECT
public:
    QuitGuard(QWidget* window, PythonWorker* worker);

    /// True once quitting was cleared: no script thread runs, the user waited
    /// for them, or chose to quit anyway.
    [[nodiscard]] bool mayClose() const { return state_ == State::Cleared; }
    /// The user chose not to wait: Python must not be finalized.
    [[nodiscard]] bool abandonsThreads() const { return abandonsThreads_; }
    /// Starts the check (if none runs); closes the window once it is cleared.
    void check();
    /// The open question or the waiting notice, if one is shown (for tests).
    [[nodiscard]] QMessageBox* dialog() const { return dialog_; }

private:
    enum class State { Idle, Asking, Waiting, Cleared };
    void onThreadsListed(const QStringList& names);
    void ask(const QStringList& names);
    void wait(const QStringList& names);
    void clear(bool abandonThreads);
    void cancel();
    void closeDialog();

    QWidget* window_;
    PythonWorker* worker_;
    QTimer* poll_;
    QPointer<QMessageBox> dialog_;
    State state_ = State::Idle;
    bool abandonsThreads_ = false;
};
