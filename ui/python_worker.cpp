// SPDX-License-Identifier: MIT
#include "ui/python_worker.h"

#include "core/interpreter.h"
#include "core/array_data.h"
#include "core/python_error.h"
#include "core/script_output.h"
#include "ui/qt_text.h"
#include "ui/thread_handoff.h"

#include "core/tuple_text.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QThread>

#include <cstdio>
#include <cstdlib>
#include <optional>

using namespace arraylens;

namespace {

PythonFailure failureOf(const PythonError& error)
{
    PythonFailure failure;
    failure.type = QString::fromStdString(error.typeName());
    failure.message = QString::fromStdString(error.what());
    failure.traceback = QString::fromStdString(error.traceback());
    failure.cancelled = error.typeName() == "KeyboardInterrupt";
    return failure;
}

PythonFailure failureOf(const std::exception& error)
{
    PythonFailure failure;
    failure.type = "Error";
    failure.message = QString::fromStdString(error.what());
    return failure;
}

} // namespace

PythonWorker::PythonWorker(QObject* parent) : QObject(parent), thread_(new QThread(this)), executor_(new QObject)
{
    thread_->setObjectName("python");
    executor_->moveToThread(thread_);
    connect(thread_, &QThread::finished, executor_, &QObject::deleteLater);
    thread_->start();
    postTo(executor_, [this] { pythonThread_ = std::make_unique<PythonThreadScope>(); });
}

PythonWorker::~PythonWorker()
{
    stopping_ = true; // queued jobs are skipped from now on
    cancel();
    // The script and the thread state go on the thread that used them, after
    // every job queued before; quitting from there keeps that order (a quit
    // from here could end the event loop before those jobs ran).
    postTo(executor_, [this] {
        script_.reset();
        pythonThread_.reset();
        QThread* thread = thread_;
        handoff::release(thread); // after the last access to this object here
        thread->quit();
    });
    constexpr int kGraceMs = 5000;
    if (!thread_->wait(QDeadlineTimer(kGraceMs))) {
        // A script that swallows KeyboardInterrupt in an endless loop: Python
        // cannot be finalized under it, and waiting would hang the quit.
        std::fprintf(stderr, "arraylens: a Python job ignored Cancel for %d s; exiting without finalizing Python\n",
                     kGraceMs / 1000);
        std::fflush(stderr);
        std::_Exit(1);
    }
    // QThread::wait orders the thread's work before its return, but when the
    // thread had already finished it does so through a futex that
    // ThreadSanitizer cannot see (thread_handoff.h).
    handoff::acquire(thread_);
}

template <class Work>
void PythonWorker::post(Work&& work)
{
    if (pending_++ == 0)
        Q_EMIT busyChanged(true);
    postTo(executor_, [this, work = std::forward<Work>(work)]() mutable {
        if (!stopping_)
            work();
    });
}

template <class Work>
std::optional<PythonFailure> PythonWorker::runInterruptible(Work&& work)
{
    {
        std::lock_guard lock(jobMutex_);
        jobRunning_ = true;
        workerThreadId_ = Interpreter::currentThreadId();
    }
    std::optional<PythonFailure> failure;
    try {
        // The script's print() goes to the output pane, not to a terminal the user never sees.
        const ScriptOutputCapture capture([this](std::string text, bool error) { deliverOutput(std::move(text), error); });
        work();
    } catch (const PythonError& error) {
        failure = failureOf(error);
    } catch (const std::exception& error) {
        failure = failureOf(error); // never let an exception end the worker thread
    }
    // A cancel that arrived as the job ended must not hit the next one. (The
    // worker takes this lock only while it does not hold the GIL, and cancel()
    // takes the GIL only under it: one order, no deadlock.)
    std::lock_guard lock(jobMutex_);
    jobRunning_ = false;
    Interpreter::clearInterrupt(workerThreadId_);
    return failure;
}

template <class Load>
void PythonWorker::runLoad(const QString& path, bool reloaded, Load&& load)
{
    std::optional<ScriptListing> result;
    const std::optional<PythonFailure> failure = runInterruptible([&] {
        load();
        result = listing();
    });
    postTo(this, [this, path, reloaded, result, failure] {
        finished();
        if (result)
            Q_EMIT scriptLoaded(*result, reloaded);
        else
            Q_EMIT scriptFailed(path, failure.value_or(PythonFailure{}), reloaded);
    });
}

void PythonWorker::deliverOutput(std::string text, bool error)
{
    std::lock_guard lock(outputMutex_);
    if (outputBytes_ + text.size() > kMaxPendingOutput) {
        droppedOutputBytes_ += text.size();
        return;
    }
    const bool first = output_.empty() && droppedOutputBytes_ == 0;
    outputBytes_ += text.size();
    if (!output_.empty() && output_.back().error == error)
        output_.back().text += text;
    else
        output_.push_back({std::move(text), error});
    if (first)
        postTo(this, [this] { flushOutput(); });
}

void PythonWorker::flushOutput()
{
    std::vector<OutputChunk> chunks;
    std::size_t dropped = 0;
    {
        std::lock_guard lock(outputMutex_);
        chunks.swap(output_);
        outputBytes_ = 0;
        dropped = std::exchange(droppedOutputBytes_, 0);
    }
    for (const OutputChunk& chunk : chunks)
        Q_EMIT scriptOutput(QString::fromStdString(chunk.text), chunk.error);
    if (dropped > 0)
        Q_EMIT scriptOutput(QString("\n[%1 bytes of output came faster than they could be shown and were left out]\n")
                                .arg(dropped),
                            true);
}

void PythonWorker::finished()
{
    if (--pending_ == 0)
        Q_EMIT busyChanged(false);
}

ScriptListing PythonWorker::listing() const
{
    ScriptListing result;
    if (dataFile_) {
        result.path = fromPathBytes(dataFile_->path());
        result.dataFile = true;
        for (const DatasetInfo& dataset : dataFile_->datasets()) {
            FunctionInfo entry;
            // A file that is one array is named by the file's name.
            entry.name = dataset.name.empty() ? QFileInfo(result.path).fileName().toStdString() : dataset.name;
            entry.signature = "  " + dataset.dtype + " " + tupleText(dataset.shape);
            entry.returnsBuffer = true;
            entry.summary = dataset.dtype + " " + tupleText(dataset.shape);
            result.functions.push_back(std::move(entry));
        }
        return result;
    }
    result.path = fromPathBytes(script_->path());
    result.functions = script_->functions();
    result.bufferGlobals = script_->bufferGlobals();
    return result;
}

void PythonWorker::openScript(const QString& path)
{
    post([this, path] {
        runLoad(path, false, [this, &path] {
            const std::string bytes = toPathBytes(path);
            // The clusters the open script started go with it, before the
            // next one runs (and may start its own at import).
            Interpreter::closeClusters();
            if (DataFile::isDataFile(bytes)) {
                auto file = std::make_unique<DataFile>(bytes);
                (void)file->datasets(); // a file that cannot be read fails here, as a script that cannot load does
                script_.reset();
                dataFile_ = std::move(file);
            } else {
                script_ = std::make_unique<Script>(Script::load(bytes));
                dataFile_.reset();
            }
        });
    });
}

void PythonWorker::reloadScript()
{
    post([this] {
        if (dataFile_) {
            runLoad(fromPathBytes(dataFile_->path()), true, [] {}); // lists the datasets anew
            return;
        }
        if (!script_) {
            postTo(this, [this] { finished(); });
            return;
        }
        runLoad(fromPathBytes(script_->path()), true, [this] {
            Interpreter::closeClusters(); // the script's top level runs again: it starts its cluster anew
            script_->reload();
        });
    });
}

void PythonWorker::call(const QString& name, const QStringList& literalArguments)
{
    post([this, name, literalArguments, generation = cancelGeneration_.load()] {
        CallOutcome outcome;
        outcome.name = name;
        outcome.arguments = literalArguments;
        if (generation != cancelGeneration_.load()) {
            // Queued when the user pressed Cancel: never started.
            outcome.failure = PythonFailure{"KeyboardInterrupt", "cancelled before it started", {}, true};
            postTo(this, [this, outcome] {
                finished();
                Q_EMIT callFinished(outcome);
            });
            return;
        }
        QElapsedTimer timer;
        timer.start();
        const std::optional<PythonFailure> failure = runInterruptible([&] {
            if (dataFile_) {
                const std::string fileName = QFileInfo(fromPathBytes(dataFile_->path())).fileName().toStdString();
                const std::string dataset = name.toStdString() == fileName ? std::string() : name.toStdString();
                outcome.array = dataFile_->open(dataset);
                return;
            }
            if (!script_)
                throw Error("no script is open");
            outcome.array = script_->callForArray(name.toStdString(), toStdStrings(literalArguments));
        });
        if (failure)
            outcome.failure = *failure;
        outcome.elapsedMs = timer.elapsed();
        postTo(this, [this, outcome] {
            finished();
            Q_EMIT callFinished(outcome);
        });
    });
}

void PythonWorker::cancel()
{
    std::lock_guard lock(jobMutex_);
    if (jobRunning_)
        Interpreter::interruptThread(workerThreadId_);
}

void PythonWorker::cancelAll()
{
    ++cancelGeneration_; // before the interrupt: the job after the running one sees it
    cancel();
}

void PythonWorker::listScriptThreads()
{
    postTo(executor_, [this] {
        if (stopping_)
            return;
        QStringList names;
        for (const std::string& name : Interpreter::scriptThreads())
            names << QString::fromStdString(name);
        postTo(this, [this, names] { Q_EMIT scriptThreadsListed(names); });
    });
}

void PythonWorker::release(std::shared_ptr<const void> pythonOwned)
{
    // Not post(): releasing is no request the user waits for, and it must
    // happen even while stopping (the buffer goes before the interpreter).
    postTo(executor_, [pythonOwned = std::move(pythonOwned)]() mutable { pythonOwned.reset(); });
}

void PythonWorker::runInBackground(std::function<void()> job)
{
    postTo(executor_, [this, job = std::move(job)] {
        if (!stopping_)
            job();
    });
}
