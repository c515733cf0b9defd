// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/script.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <memory>
#include <mutex>
#include <vector>

class QThread;

namespace arraylens {
class PyBuffer;
}

/// What a script offers, read on the worker thread and handed to the GUI.
struct ScriptListing {
    QString path;
    std::vector<arraylens::FunctionInfo> functions;
    std::vector<arraylens::BufferGlobalInfo> bufferGlobals;
};

/// A Python failure, copied out of Python: safe on any thread.
struct PythonFailure {
    QString type;
    QString message;   ///< "TypeError: …" as one line
    QString traceback; ///< empty when Python gave none
    bool cancelled = false;
};

/// The result of one call: a buffer, or a failure.
struct CallOutcome {
    QString name;
    QStringList arguments;
    std::shared_ptr<arraylens::PyBuffer> buffer; ///< null on failure
    PythonFailure failure;
    qint64 elapsedMs = 0;
};

/// Runs all Python work — load, reload, call — on one worker thread, in
/// order (DESIGN.md decision 6). Requests return at once; results arrive as
/// signals on the thread that owns the PythonWorker (the GUI thread), which
/// never waits on a running call. cancel() interrupts a running call with
/// KeyboardInterrupt.
class PythonWorker : public QObject {
    Q_OBJECT
public:
    explicit PythonWorker(QObject* parent = nullptr);
    /// Cancels what runs, lets the queue drain and stops the thread.
    ~PythonWorker() override;

    void openScript(const QString& path);
    /// Runs the open script's file again (after it changed on disk).
    void reloadScript();
    void call(const QString& name, const QStringList& literalArguments);
    /// Interrupts the running call, if any. Returns at once.
    void cancel();

    [[nodiscard]] bool isBusy() const { return pending_ > 0; }

Q_SIGNALS:
    void scriptLoaded(const ScriptListing& listing, bool reloaded);
    void scriptFailed(const QString& path, const PythonFailure& failure, bool reloaded);
    void callFinished(const CallOutcome& outcome);
    /// Busy from the first queued request until the queue is empty.
    void busyChanged(bool busy);

private:
    template <class Work>
    void post(Work&& work);
    void finished();
    ScriptListing listing() const;

    QThread* thread_ = nullptr;
    QObject* executor_ = nullptr; ///< lives in thread_; requests run in its event loop
    std::unique_ptr<arraylens::Script> script_; ///< touched only on the worker thread
    int pending_ = 0;

    std::mutex callMutex_; ///< guards the two fields below, between cancel() and the worker
    bool callRunning_ = false;
    unsigned long workerThreadId_ = 0;
};
