// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/array_statistics.h"

#include <QPointer>
#include <QWidget>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

class ArrayDocument;
class QLabel;
class QProgressBar;
class QToolButton;

/// The status bar's statistics (issue 12, item 5): count, NaN count, min,
/// max, mean and std of the selected cells, or of the whole view when one
/// cell is selected. Computed off the GUI thread whenever the selection,
/// the view or the values change: a buffer's cells on a thread of their own
/// (ArrayStatistics spreads them over the cores), a lazy source's on the
/// Python worker, whose reads take the GIL. A newer selection cancels the
/// computation under way; a long one shows its progress and a cancel button.
class SelectionStatistics : public QWidget {
    Q_OBJECT
public:
    /// Runs a job on the Python thread (PythonWorker::runInBackground).
    using Scheduler = std::function<void(std::function<void()>)>;
    /// Drops what holds Python references on the Python thread (PythonWorker::release).
    using Releaser = std::function<void(std::shared_ptr<const void>)>;

    /// Null scheduler: lazy sources get no statistics (they would run Python
    /// here). Null releaser: sources are dropped in place.
    SelectionStatistics(Scheduler scheduler, Releaser releaser, QWidget* parent = nullptr);
    /// Cancels what runs and waits for the threads (a fraction of a second).
    ~SelectionStatistics() override;

    /// Follows `document`'s selection; null shows nothing.
    void setDocument(ArrayDocument* document);
    /// Stops the computation under way (the cancel button).
    void cancel();

    /// What is shown: the statistics, a progress note, or why there are none.
    [[nodiscard]] QString text() const;
    /// True while a computation runs.
    [[nodiscard]] bool isComputing() const { return current_ != nullptr; }

Q_SIGNALS:
    /// A computation ended with a result or an error (not when cancelled).
    void updated();

private:
    /// One computation: what it reads, its cancel flag, and where it reports.
    struct Job;
    /// Starts over for the document's current selection.
    void recompute();
    void finish(const std::shared_ptr<Job>& job, const std::optional<arraylens::Statistics>& result, const QString& error);
    void showProgress(const std::shared_ptr<Job>& job, std::int64_t done, std::int64_t total);
    /// Joins the threads of jobs that have ended.
    void reapThreads(bool all);

    Scheduler scheduler_;
    Releaser releaser_;
    QPointer<ArrayDocument> document_;
    QLabel* label_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancelButton_ = nullptr;
    std::shared_ptr<Job> current_;
    /// Threads of buffer jobs, joined once they end (or in the destructor).
    std::vector<std::pair<std::shared_ptr<Job>, std::thread>> threads_;
    /// Where jobs post to: this widget while it lives, null after (a job on
    /// the Python worker may end after the widget is gone).
    struct Mailbox {
        std::mutex mutex;
        QObject* target = nullptr;
    };
    std::shared_ptr<Mailbox> mailbox_;
    std::vector<QMetaObject::Connection> documentConnections_;
};
