// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/data_file.h"
#include "core/gil.h"
#include "core/script.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

class QThread;

namespace arraylens {
class ArrayData;
}

/// What a script offers, read on the worker thread and handed to the GUI.
/// A data file (.npy, .h5, …) is listed the same way: each of its datasets
/// is a "function" that takes no arguments and returns the dataset.
struct ScriptListing {
    QString path;
    std::vector<arraylens::FunctionInfo> functions;
    std::vector<arraylens::BufferGlobalInfo> bufferGlobals;
    bool dataFile = false;
};

/// A Python failure, copied out of Python: safe on any thread.
struct PythonFailure {
    QString type;
    QString message;   ///< "TypeError: …" as one line
    QString traceback; ///< empty when Python gave none
    bool cancelled = false;
};

/// The result of one call: an array (a buffer, or a lazy array-like), or a failure.
struct CallOutcome {
    QString name;
    QStringList arguments;
    std::shared_ptr<arraylens::ArrayData> array; ///< null on failure
    PythonFailure failure;
    qint64 elapsedMs = 0;
};

/// Runs all Python work — load, reload, call, and releasing buffers — on
/// one worker thread, in order (DESIGN.md decision 6). Requests return at
/// once; results arrive as signals on the thread that owns the PythonWorker
/// (the GUI thread), which never waits on a running job. cancel() interrupts
/// the running job (a call, or a script's top level) with KeyboardInterrupt.
class PythonWorker : public QObject {
    Q_OBJECT
public:
    explicit PythonWorker(QObject* parent = nullptr);
    /// Cancels the running job, skips the queued ones and stops the thread.
    ~PythonWorker() override;

    void openScript(const QString& path);
    /// Runs the open script's file again (after it changed on disk).
    void reloadScript();
    void call(const QString& name, const QStringList& literalArguments);
    /// Interrupts the running job, if any. Returns at once for Python code;
    /// C code that holds the GIL (a long NumPy operation) delays it until it
    /// lets go.
    void cancel();
    /// What the user's Cancel means: interrupts the running job and skips
    /// every call queued behind it (each still reports, as cancelled).
    void cancelAll();
    /// Drops what holds Python references (a buffer, a lazy array) on the
    /// worker thread: releasing them takes the GIL and may run Python code,
    /// which must not stall the GUI thread.
    void release(std::shared_ptr<const void> pythonOwned);
    /// Runs `job` on the worker thread after the requests queued before it:
    /// a lazy source's fetches and writes. Not a request the user waits
    /// for: no busy state, and skipped once the worker is stopping.
    void runInBackground(std::function<void()> job);

    /// Asks which threads the script started that Python would wait for at
    /// exit; scriptThreadsListed answers. Not a job the user waits for: it
    /// shows no busy state (the window polls it while it waits to quit).
    void listScriptThreads();

    [[nodiscard]] bool isBusy() const { return pending_ > 0; }

Q_SIGNALS:
    void scriptLoaded(const ScriptListing& listing, bool reloaded);
    void scriptFailed(const QString& path, const PythonFailure& failure, bool reloaded);
    void callFinished(const CallOutcome& outcome);
    /// Busy from the first queued request until the queue is empty.
    void busyChanged(bool busy);
    void scriptThreadsListed(const QStringList& names);
    /// What the script's Python code wrote to sys.stdout (or, `error`, to
    /// sys.stderr) while it loaded or ran a call; in order, before the
    /// scriptLoaded or callFinished of the job that wrote it.
    void scriptOutput(const QString& text, bool error);

private:
    /// Queues work for the worker thread; once stopping, queued work is skipped.
    template <class Work>
    void post(Work&& work);
    /// Runs Python work on the worker thread, marked as cancellable; what it
    /// throws comes back as a failure.
    template <class Work>
    std::optional<PythonFailure> runInterruptible(Work&& work);
    /// Loads (or reloads) with `load`, then reports the listing or the failure.
    template <class Load>
    void runLoad(const QString& path, bool reloaded, Load&& load);
    void finished();
    /// ScriptOutputCapture's sink (any thread, GIL held): buffers the text
    /// and asks the GUI thread to take it, once per batch.
    void deliverOutput(std::string text, bool error);
    void flushOutput();
    ScriptListing listing() const;

    QThread* thread_ = nullptr;
    QObject* executor_ = nullptr; ///< lives in thread_; requests run in its event loop
    /// Worker-thread state: its Python thread state and the script.
    std::unique_ptr<arraylens::PythonThreadScope> pythonThread_;
    std::unique_ptr<arraylens::Script> script_;
    std::unique_ptr<arraylens::DataFile> dataFile_; ///< instead of script_, when a data file is open
    int pending_ = 0;
    std::atomic<bool> stopping_ = false;
    /// Advanced by cancelAll(): a call queued under an older value is skipped.
    std::atomic<unsigned> cancelGeneration_ = 0;

    struct OutputChunk {
        std::string text;
        bool error = false;
    };
    std::mutex outputMutex_; ///< guards the three fields below
    std::vector<OutputChunk> output_;
    std::size_t outputBytes_ = 0;
    std::size_t droppedOutputBytes_ = 0; ///< past kMaxPendingOutput while the GUI thread lagged
    /// Output waiting for the GUI thread is bounded: a print() loop must not fill the memory.
    static constexpr std::size_t kMaxPendingOutput = 4 << 20;

    std::mutex jobMutex_; ///< guards the two fields below, between cancel() and the worker
    bool jobRunning_ = false;
    unsigned long workerThreadId_ = 0;
};
