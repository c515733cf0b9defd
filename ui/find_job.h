// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/array_source.h"
#include "core/cell_finder.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <memory>

class QThread;

/// One search of a view (CellFinder) on a background thread, so that the
/// window never waits for it: not for the reading, not for a memory-mapped
/// file's page faults, not for a lazy source's fetches (which take the GIL
/// on the search's own threads, as the CSV export's do). The job holds the
/// source, so a buffer stays pinned until it ends.
class FindJob : public QObject {
    Q_OBJECT
public:
    FindJob(std::shared_ptr<arraylens::ArraySource> source, std::shared_ptr<const arraylens::CellFinder> finder,
            std::int64_t row, std::int64_t column, arraylens::FindDirection direction, bool includeStart,
            QObject* parent = nullptr);
    /// Cancels, then waits for the search's current piece (milliseconds).
    ~FindJob() override;

    void start();
    /// Asks the search to stop; finished() then reports Cancelled (or the
    /// match, when one was found already).
    void cancel() { cancelled_ = true; }
    [[nodiscard]] bool isRunning() const { return running_; }
    /// The share of the view searched so far (0 to 1).
    [[nodiscard]] double progress() const { return progress_; }

Q_SIGNALS:
    /// Exactly once, on the thread the job lives in. `error` is not empty
    /// when reading failed (the outcome is then NotFound).
    void finished(const arraylens::FindOutcome& outcome, const QString& error);

private:
    std::shared_ptr<arraylens::ArraySource> source_;
    std::shared_ptr<const arraylens::CellFinder> finder_;
    std::int64_t row_;
    std::int64_t column_;
    arraylens::FindDirection direction_;
    bool includeStart_;
    QThread* thread_ = nullptr;
    bool running_ = false;
    std::atomic<bool> cancelled_ = false;
    std::atomic<double> progress_ = 0;
};
