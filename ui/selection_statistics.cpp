// SPDX-License-Identifier: MIT
#include "ui/selection_statistics.h"

#include "core/array_source.h"
#include "ui/array_document.h"
#include "ui/thread_handoff.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>
#include <QUndoStack>

#include <cmath>

using namespace arraylens;

struct SelectionStatistics::Job {
    std::shared_ptr<ArraySource> source; ///< dropped through the releaser (or on the Python thread)
    CellRange range;
    bool wholeView = false;
    std::atomic<bool> cancelled = false;
    std::atomic<bool> ended = false;
};

namespace {

QString numberText(double value)
{
    if (std::isnan(value))
        return "nan";
    if (std::isinf(value))
        return value > 0 ? "inf" : "-inf";
    return QString::number(value, 'g', 6);
}

// Integers exactly (an int64's extreme must not read as 9.22337e+18), floats in 6 digits.
QString valueText(const std::optional<StatisticsValue>& value)
{
    if (!value)
        return "–";
    if (value->kind != StatisticsValue::Kind::Float)
        return QString::fromStdString(value->text());
    return numberText(value->floatValue);
}

QString exactText(const std::optional<double>& value)
{
    return value ? QString::fromStdString(StatisticsValue::ofFloat(*value).text()) : QString("–");
}

} // namespace

SelectionStatistics::SelectionStatistics(Scheduler scheduler, Releaser releaser, QWidget* parent)
    : QWidget(parent), scheduler_(std::move(scheduler)), releaser_(std::move(releaser)),
      mailbox_(std::make_shared<Mailbox>())
{
    setObjectName("selectionStatistics");
    mailbox_->target = this;
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    label_ = new QLabel(this);
    label_->setObjectName("statisticsText");
    label_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(90);
    progress_->setMaximumHeight(14);
    progress_->setTextVisible(false);
    progress_->hide();
    cancelButton_ = new QToolButton(this);
    cancelButton_->setObjectName("cancelStatistics");
    cancelButton_->setText("✕");
    cancelButton_->setToolTip("Stop computing the statistics");
    cancelButton_->setAutoRaise(true);
    cancelButton_->hide();
    connect(cancelButton_, &QToolButton::clicked, this, &SelectionStatistics::cancel);
    layout->addWidget(label_);
    layout->addWidget(progress_);
    layout->addWidget(cancelButton_);
}

SelectionStatistics::~SelectionStatistics()
{
    {
        std::lock_guard lock(mailbox_->mutex);
        mailbox_->target = nullptr; // a job on the Python worker reports to no one now
    }
    if (current_)
        current_->cancelled = true;
    reapThreads(true);
}

void SelectionStatistics::setDocument(ArrayDocument* document)
{
    for (const QMetaObject::Connection& connection : documentConnections_)
        disconnect(connection);
    documentConnections_.clear();
    document_ = document;
    if (document) {
        documentConnections_ = {
            connect(document, &ArrayDocument::selectionChanged, this, &SelectionStatistics::recompute),
            connect(document, &ArrayDocument::viewChanged, this, &SelectionStatistics::recompute),
            // An edit, its undo or redo: the values changed.
            connect(document->undoStack(), &QUndoStack::indexChanged, this, &SelectionStatistics::recompute),
        };
    }
    recompute();
}

QString SelectionStatistics::text() const
{
    return label_->text();
}

void SelectionStatistics::cancel()
{
    if (!current_)
        return;
    current_->cancelled = true;
    current_.reset();
    progress_->hide();
    cancelButton_->hide();
    label_->setText("Statistics cancelled");
    label_->setToolTip({});
}

void SelectionStatistics::recompute()
{
    if (current_) {
        current_->cancelled = true; // a newer selection: the older answer is not wanted
        current_.reset();
    }
    reapThreads(false);
    progress_->hide();
    cancelButton_->hide();
    label_->setToolTip({});
    if (!document_ || !document_->source()) {
        label_->clear();
        return;
    }
    const std::shared_ptr<ArraySource>& source = document_->source();
    auto job = std::make_shared<Job>();
    job->source = source;
    job->range = document_->selection().range();
    // One cell says little: the whole view then, as spreadsheets do.
    if (job->range.cellCount() <= 1) {
        job->range = CellRange{0, source->rows(), 0, source->cols()};
        job->wholeView = true;
    }
    if (job->range.cellCount() == 0) {
        label_->clear();
        return;
    }
    if (source->isLazy() && !scheduler_) {
        label_->setText("No statistics: the values are read from Python on demand");
        return;
    }
    current_ = job;
    label_->setText("Statistics…");

    // What the job runs, wherever it runs: reports go through the mailbox,
    // to this widget if it still lives.
    const std::shared_ptr<Mailbox> mailbox = mailbox_;
    const auto post = [mailbox](auto work) {
        std::lock_guard lock(mailbox->mutex);
        if (mailbox->target)
            postTo(mailbox->target, std::move(work));
    };
    const auto run = [job, post, self = this] {
        std::optional<Statistics> result;
        QString error;
        try {
            StatisticsOptions options;
            options.cancelled = &job->cancelled;
            options.progress = [&](std::int64_t done, std::int64_t total) {
                post([self, job, done, total] { self->showProgress(job, done, total); });
                return true;
            };
            result = ArrayStatistics::compute(*job->source, job->range, options);
        } catch (const std::exception& failure) {
            error = QString::fromStdString(failure.what());
        }
        job->ended = true;
        post([self, job, result, error] { self->finish(job, result, error); });
    };
    if (source->isLazy()) {
        // A lazy source's reads run Python: on the Python thread, which takes
        // the GIL for each read, never here.
        scheduler_([job, run] {
            if (!job->cancelled)
                run();
            job->source.reset(); // the Python thread is where it may be dropped
        });
    } else {
        threads_.emplace_back(job, std::thread([run, token = job.get()] {
                                  run();
                                  handoff::release(token); // what the thread did, before reapThreads' join
                              }));
    }
}

void SelectionStatistics::showProgress(const std::shared_ptr<Job>& job, std::int64_t done, std::int64_t total)
{
    if (job != current_ || total <= 0)
        return;
    progress_->setValue(static_cast<int>(1000.0 * static_cast<double>(done) / static_cast<double>(total)));
    progress_->show();
    cancelButton_->show();
    label_->setText(QString("Statistics of %1 cells…").arg(total));
}

void SelectionStatistics::finish(const std::shared_ptr<Job>& job, const std::optional<Statistics>& result,
                                 const QString& error)
{
    reapThreads(false);
    if (job != current_)
        return; // cancelled, or replaced by a newer selection
    current_.reset();
    progress_->hide();
    cancelButton_->hide();
    if (!error.isEmpty()) {
        label_->setText("No statistics: " + error);
        label_->setToolTip(error);
        Q_EMIT updated();
        return;
    }
    if (!result)
        return;
    const Statistics& s = *result;
    const QString scope = job->wholeView ? QString("View") : QString("Selection");
    QString text = QString("%1%2: count %3  nan %4  min %5  max %6  mean %7  std %8")
                       .arg(scope, s.ofMagnitude ? QString(" |z|") : QString())
                       .arg(s.count)
                       .arg(s.nanCount)
                       .arg(valueText(s.min), valueText(s.max), s.mean ? numberText(*s.mean) : QString("–"),
                            s.standardDeviation ? numberText(*s.standardDeviation) : QString("–"));
    if (!s.skippedColumns.empty())
        text += QString("  (%1 non-numeric column%2 left out)").arg(s.skippedColumns.size()).arg(s.skippedColumns.size() > 1 ? "s" : "");
    label_->setText(text);
    QString tip = QString("%1 of %2 × %3 cells%4\ncount %5\nnan %6\nmin %7\nmax %8\nmean %9\nstd %10 (population)")
                      .arg(scope)
                      .arg(job->range.rowCount)
                      .arg(job->range.columnCount)
                      .arg(s.ofMagnitude ? QString(" (complex: of the magnitude)") : QString())
                      .arg(s.count)
                      .arg(s.nanCount)
                      .arg(s.min ? QString::fromStdString(s.min->text()) : QString("–"),
                           s.max ? QString::fromStdString(s.max->text()) : QString("–"), exactText(s.mean),
                           exactText(s.standardDeviation));
    label_->setToolTip(tip);
    Q_EMIT updated();
}

void SelectionStatistics::reapThreads(bool all)
{
    for (auto it = threads_.begin(); it != threads_.end();) {
        if (!all && !it->first->ended) {
            ++it;
            continue;
        }
        it->first->cancelled = true;
        it->second.join(); // an ended job's thread is past its last report: this does not wait
        handoff::acquire(it->first.get());
        if (releaser_)
            releaser_(std::move(it->first->source));
        it = threads_.erase(it);
    }
}
