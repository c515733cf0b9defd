// SPDX-License-Identifier: MIT
#include "ui/python_worker.h"

#include "core/gil.h"
#include "core/interpreter.h"
#include "core/py_buffer.h"
#include "core/python_error.h"

#include <QElapsedTimer>
#include <QThread>

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

std::vector<std::string> toStdStrings(const QStringList& list)
{
    std::vector<std::string> result;
    for (const QString& item : list)
        result.push_back(item.toStdString());
    return result;
}

} // namespace

PythonWorker::PythonWorker(QObject* parent) : QObject(parent), thread_(new QThread(this)), executor_(new QObject)
{
    thread_->setObjectName("python");
    executor_->moveToThread(thread_);
    connect(thread_, &QThread::finished, executor_, &QObject::deleteLater);
    thread_->start();
}

PythonWorker::~PythonWorker()
{
    cancel();
    // Requests still queued run (each is short once cancelled); the script
    // object is released on the worker thread, as it was used there.
    QMetaObject::invokeMethod(executor_, [this] { script_.reset(); });
    thread_->quit();
    thread_->wait();
}

template <class Work>
void PythonWorker::post(Work&& work)
{
    if (pending_++ == 0)
        Q_EMIT busyChanged(true);
    QMetaObject::invokeMethod(executor_, std::forward<Work>(work));
}

void PythonWorker::finished()
{
    if (--pending_ == 0)
        Q_EMIT busyChanged(false);
}

ScriptListing PythonWorker::listing() const
{
    ScriptListing result;
    result.path = QString::fromStdString(script_->path());
    result.functions = script_->functions();
    result.bufferGlobals = script_->bufferGlobals();
    return result;
}

void PythonWorker::openScript(const QString& path)
{
    post([this, path] {
        try {
            auto script = std::make_unique<Script>(Script::load(path.toStdString()));
            script_ = std::move(script);
            ScriptListing result = listing();
            QMetaObject::invokeMethod(this, [this, result] {
                finished();
                Q_EMIT scriptLoaded(result, false);
            });
        } catch (const PythonError& error) {
            QMetaObject::invokeMethod(this, [this, path, failure = failureOf(error)] {
                finished();
                Q_EMIT scriptFailed(path, failure, false);
            });
        }
    });
}

void PythonWorker::reloadScript()
{
    post([this] {
        if (!script_) {
            QMetaObject::invokeMethod(this, [this] { finished(); });
            return;
        }
        try {
            script_->reload();
            ScriptListing result = listing();
            QMetaObject::invokeMethod(this, [this, result] {
                finished();
                Q_EMIT scriptLoaded(result, true);
            });
        } catch (const PythonError& error) {
            QMetaObject::invokeMethod(this, [this, path = QString::fromStdString(script_->path()),
                                             failure = failureOf(error)] {
                finished();
                Q_EMIT scriptFailed(path, failure, true);
            });
        }
    });
}

void PythonWorker::call(const QString& name, const QStringList& literalArguments)
{
    post([this, name, literalArguments] {
        CallOutcome outcome;
        outcome.name = name;
        outcome.arguments = literalArguments;
        QElapsedTimer timer;
        timer.start();
        {
            std::lock_guard lock(callMutex_);
            callRunning_ = true;
            workerThreadId_ = Interpreter::currentThreadId();
        }
        try {
            if (!script_)
                throw Error("no script is open");
            outcome.buffer = script_->callForBuffer(name.toStdString(), toStdStrings(literalArguments));
        } catch (const PythonError& error) {
            outcome.failure = failureOf(error);
        } catch (const std::exception& error) {
            outcome.failure = failureOf(error);
        }
        {
            // A cancel that arrived as the call returned must not hit the next one.
            std::lock_guard lock(callMutex_);
            callRunning_ = false;
            Interpreter::clearInterrupt(workerThreadId_);
        }
        outcome.elapsedMs = timer.elapsed();
        QMetaObject::invokeMethod(this, [this, outcome] {
            finished();
            Q_EMIT callFinished(outcome);
        });
    });
}

void PythonWorker::cancel()
{
    std::lock_guard lock(callMutex_);
    if (callRunning_)
        Interpreter::interruptThread(workerThreadId_);
}
