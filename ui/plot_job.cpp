// SPDX-License-Identifier: MIT
#include "ui/plot_job.h"

#include "ui/thread_handoff.h"

#include <QThread>

using namespace arraylens;

PlotJob::PlotJob(std::shared_ptr<ArraySource> source, Work work, std::int64_t totalCells, Releaser releaser,
                 QObject* parent)
    : QObject(parent), source_(std::move(source)), work_(std::move(work)), totalCells_(totalCells),
      releaser_(std::move(releaser))
{
}

PlotJob::~PlotJob()
{
    if (thread_) {
        cancel();
        thread_->wait();
        // QThread::wait orders the thread's work before its return, through a
        // futex ThreadSanitizer cannot see when the thread had already finished.
        handoff::acquire(this);
    }
    if (releaser_ && source_)
        releaser_(std::move(source_));
}

void PlotJob::start()
{
    thread_ = QThread::create([this] {
        QString error;
        Result result;
        try {
            result = work_(*source_, [this](std::int64_t done) {
                done_ = done;
                return !cancelled_;
            });
        } catch (const std::exception& failure) {
            error = QString::fromStdString(failure.what());
        }
        postTo(this, [this, error, result = std::move(result)]() mutable {
            result_ = std::move(result);
            Q_EMIT finished(error);
        });
        handoff::release(this);
    });
    thread_->setParent(this);
    thread_->start();
}

int PlotJob::permille() const
{
    return totalCells_ > 0 ? static_cast<int>(std::min<std::int64_t>(1000, done_ * 1000 / totalCells_)) : 0;
}
