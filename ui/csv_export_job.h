// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/array_source.h"
#include "core/csv_writer.h"

#include <memory>

#include <QObject>
#include <QString>

#include <atomic>

class QThread;

/// Writes a view (or part of it) to a CSV file on a background thread, so
/// the window stays responsive; through OutputFile: a file is replaced
/// atomically (a cancelled or failed export leaves no partial file and the
/// old file, if any, intact), a device or FIFO is written in place.
/// The job holds the source, so a buffer stays pinned until it ends; a lazy
/// source's blocks are fetched on the job's thread, taking the GIL.
class CsvExportJob : public QObject {
    Q_OBJECT
public:
    CsvExportJob(std::shared_ptr<arraylens::ArraySource> source, arraylens::CellRange range, arraylens::CsvOptions options, QString path,
                 QObject* parent = nullptr);
    ~CsvExportJob() override;

    void start();
    /// Asks the writer to stop after its current block.
    void cancel() { cancelled_ = true; }
    [[nodiscard]] std::int64_t rowsWritten() const { return rowsWritten_; }
    [[nodiscard]] std::int64_t rowCount() const { return range_.rowCount; }
    [[nodiscard]] const QString& path() const { return path_; }

Q_SIGNALS:
    /// Exactly once. ok: the file is complete; otherwise `error` says why (empty when cancelled).
    void finished(bool ok, const QString& error);

private:
    std::shared_ptr<arraylens::ArraySource> source_;
    arraylens::CellRange range_;
    arraylens::CsvOptions options_;
    QString path_;
    QThread* thread_ = nullptr;
    std::atomic<bool> cancelled_ = false;
    std::atomic<std::int64_t> rowsWritten_ = 0;
};
