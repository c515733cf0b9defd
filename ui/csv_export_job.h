// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/csv_writer.h"
#include "core/strided_view.h"

#include <QObject>
#include <QString>

#include <atomic>

class QThread;

/// Writes a view (or part of it) to a CSV file on a background thread, so
/// the window stays responsive; through OutputFile: a file is replaced
/// atomically (a cancelled or failed export leaves no partial file and the
/// old file, if any, intact), a device or FIFO is written in place.
/// The job holds the view, so the buffer stays pinned until it ends.
class CsvExportJob : public QObject {
    Q_OBJECT
public:
    CsvExportJob(arraylens::StridedView view, arraylens::CellRange range, arraylens::CsvOptions options, QString path,
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
    arraylens::StridedView view_;
    arraylens::CellRange range_;
    arraylens::CsvOptions options_;
    QString path_;
    QThread* thread_ = nullptr;
    std::atomic<bool> cancelled_ = false;
    std::atomic<std::int64_t> rowsWritten_ = 0;
};
