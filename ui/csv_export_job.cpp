// SPDX-License-Identifier: MIT
#include "ui/csv_export_job.h"

#include "core/errors.h"
#include "core/output_file.h"
#include "ui/qt_text.h"
#include "ui/thread_handoff.h"

#include <QThread>

using namespace arraylens;

CsvExportJob::CsvExportJob(std::shared_ptr<ArraySource> source, CellRange range, CsvOptions options, QString path,
                           QObject* parent)
    : QObject(parent), source_(std::move(source)), range_(range), options_(options), path_(std::move(path))
{
}

CsvExportJob::~CsvExportJob()
{
    if (thread_) {
        cancel();
        thread_->wait();
        // QThread::wait orders the thread's work before its return, through a
        // futex ThreadSanitizer cannot see when the thread had already finished.
        handoff::acquire(this);
    }
}

void CsvExportJob::start()
{
    thread_ = QThread::create([this] {
        bool ok = false;
        QString error;
        try {
            OutputFile file(toPathBytes(path_));
            const bool completed = CsvWriter(options_).write(
                *source_, range_, [&file](std::string_view text) { file.write(text); },
                [this](std::int64_t rows) {
                    rowsWritten_ = rows;
                    return !cancelled_;
                });
            if (completed) {
                file.commit();
                ok = true;
            }
        } catch (const std::exception& failure) {
            error = QString::fromStdString(failure.what());
        }
        postTo(this, [this, ok, error] { Q_EMIT finished(ok, error); });
        handoff::release(this);
    });
    thread_->setParent(this);
    thread_->start();
}
