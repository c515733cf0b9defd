// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/array_source.h"
#include "core/line_envelope.h"
#include "core/value_histogram.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <functional>
#include <memory>
#include <variant>

class QThread;

/// Reads what a plot shows (a LineEnvelope or a ValueHistogram) on a thread
/// of its own, so the GUI thread never touches the cells (a memmap's pages
/// may fault, a lazy source's tiles are fetched there, taking the GIL, as the
/// CSV export does). Progress is polled (permille()); cancel() stops the
/// reading within a band of cells. The job holds the source while it runs
/// and hands it to the releaser when done (a buffer is released with the GIL).
class PlotJob : public QObject {
    Q_OBJECT
public:
    using Result = std::variant<std::monostate, arraylens::LineEnvelope, arraylens::ValueHistogram>;
    /// Reads the source; progress as in ValueScanner; returns monostate when cancelled.
    using Work = std::function<Result(arraylens::ArraySource&, const arraylens::ValueScanner::Progress&)>;
    using Releaser = std::function<void(std::shared_ptr<const void>)>;

    /// `totalCells`: what progress counts up to (cells read, passes included).
    PlotJob(std::shared_ptr<arraylens::ArraySource> source, Work work, std::int64_t totalCells, Releaser releaser,
            QObject* parent = nullptr);
    /// Cancels and waits for the thread (at most one band of cells).
    ~PlotJob() override;

    void start();
    void cancel() { cancelled_ = true; }
    [[nodiscard]] int permille() const;
    /// The result, once finished (monostate when cancelled or failed).
    [[nodiscard]] Result takeResult() { return std::move(result_); }

Q_SIGNALS:
    /// Exactly once, on the thread that owns the job; `error` is empty unless reading failed.
    void finished(const QString& error);

private:
    std::shared_ptr<arraylens::ArraySource> source_;
    Work work_;
    std::int64_t totalCells_;
    Releaser releaser_;
    QThread* thread_ = nullptr;
    Result result_;
    std::atomic<bool> cancelled_ = false;
    std::atomic<std::int64_t> done_ = 0;
};
