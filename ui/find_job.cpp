// SPDX-License-Identifier: MIT
#include "ui/find_job.h"

#include "ui/thread_handoff.h"

#include <QThread>

using namespace arraylens;

FindJob::FindJob(std::shared_ptr<ArraySource> source, std::shared_ptr<const CellFinder> finder, std::int64_t row,
                 std::int64_t column, FindDirection direction, bool includeStart, QObject* parent)
    : QObject(parent), source_(std::move(source)), finder_(std::move(finder)), row_(row), column_(column),
      direction_(direction), includeStart_(includeStart)
{
}

FindJob::~FindJob()
{
    if (thread_) {
        cancel();
        thread_->wait();
        // As CsvExportJob: QThread::wait's order, stated for ThreadSanitizer.
        handoff::acquire(this);
    }
}

void FindJob::start()
{
    running_ = true;
    thread_ = QThread::create([this] {
        FindOutcome outcome;
        QString error;
        try {
            outcome = finder_->find(*source_, row_, column_, direction_, includeStart_, [this](double fraction) {
                progress_ = fraction;
                return !cancelled_;
            });
        } catch (const std::exception& failure) {
            error = QString::fromStdString(failure.what());
        }
        postTo(this, [this, outcome, error] {
            running_ = false;
            Q_EMIT finished(outcome, error);
        });
        handoff::release(this);
    });
    thread_->setParent(this);
    thread_->start();
}
