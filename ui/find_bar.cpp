// SPDX-License-Identifier: MIT
#include "ui/find_bar.h"

#include "core/errors.h"
#include "ui/array_document.h"
#include "ui/find_job.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>

#include <memory>

using namespace arraylens;

namespace {

// A search shorter than this shows no progress bar (it would only flicker).
constexpr qint64 kProgressDelayMs = 250;

} // namespace

FindBar::FindBar(QWidget* parent) : QWidget(parent)
{
    setObjectName("findBar");
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    auto* label = new QLabel("Find:", this);
    text_ = new QLineEdit(this);
    text_->setObjectName("findText");
    text_->setPlaceholderText("value or condition: 3, > 3, <= -1.5, != 0, nan, inf, text");
    text_->setToolTip("A bare number finds equal cells (text: cells containing it); == != < <= > >= compare;\n"
                      "nan and inf find NaN and ±inf. Enter / F3: next, Shift+Enter / Shift+F3: previous, Esc: close.");
    text_->setMinimumWidth(220);
    text_->installEventFilter(this);
    label->setBuddy(text_);
    previous_ = new QToolButton(this);
    previous_->setText("▲");
    previous_->setToolTip("Previous match (Shift+Enter, Shift+F3)");
    next_ = new QToolButton(this);
    next_->setText("▼");
    next_->setToolTip("Next match (Enter, F3)");
    stop_ = new QToolButton(this);
    stop_->setObjectName("findCancel");
    stop_->setText("Cancel");
    stop_->hide();
    progress_ = new QProgressBar(this);
    progress_->setObjectName("findProgress");
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(160);
    progress_->hide();
    status_ = new QLabel(this);
    status_->setObjectName("findStatus");
    // A long message is cut rather than squeezing the text field (its tooltip has it whole).
    status_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    auto* closeButton = new QToolButton(this);
    closeButton->setText("✕");
    closeButton->setToolTip("Close (Esc)");
    layout->addWidget(label);
    layout->addWidget(text_, 1);
    layout->addWidget(previous_);
    layout->addWidget(next_);
    layout->addWidget(progress_);
    layout->addWidget(stop_);
    layout->addWidget(status_, 1);
    layout->addWidget(closeButton);
    connect(previous_, &QToolButton::clicked, this, &FindBar::findPrevious);
    connect(next_, &QToolButton::clicked, this, &FindBar::findNext);
    connect(stop_, &QToolButton::clicked, this, [this] {
        if (job_)
            job_->cancel(); // its finished() says "cancelled"
    });
    connect(closeButton, &QToolButton::clicked, this, &FindBar::close);
    // A different text is a different search: the last one's message goes.
    connect(text_, &QLineEdit::textEdited, this, [this] { showStatus({}, false); });
    poll_ = new QTimer(this);
    poll_->setInterval(100);
    connect(poll_, &QTimer::timeout, this, [this] {
        if (!job_)
            return;
        if (QDateTime::currentMSecsSinceEpoch() - searchStartedMs_ >= kProgressDelayMs) {
            progress_->show();
            stop_->show();
        }
        progress_->setValue(static_cast<int>(1000 * job_->progress()));
    });
    hide();
}

FindBar::~FindBar() = default;

void FindBar::setDocument(ArrayDocument* document)
{
    cancel();
    if (document_)
        disconnect(document_, nullptr, this, nullptr);
    document_ = document;
    // A new slice is another view: a search of the old one means nothing now.
    if (document_)
        connect(document_, &ArrayDocument::viewChanged, this, &FindBar::cancel);
}

void FindBar::open()
{
    show();
    text_->setFocus(Qt::ShortcutFocusReason);
    text_->selectAll();
}

void FindBar::close()
{
    cancel();
    hide();
    Q_EMIT closed();
}

void FindBar::findNext()
{
    search(FindDirection::Forward);
}

void FindBar::findPrevious()
{
    search(FindDirection::Backward);
}

bool FindBar::isSearching() const
{
    return job_ && job_->isRunning();
}

QString FindBar::statusText() const
{
    return status_->text();
}

void FindBar::cancel()
{
    if (!job_)
        return;
    abandonJob();
    showStatus("Search stopped", false);
}

void FindBar::abandonJob()
{
    FindJob* job = job_;
    job_ = nullptr;
    poll_->stop();
    progress_->hide();
    stop_->hide();
    disconnect(job, nullptr, this, nullptr);
    job->cancel();
    // It ends within a piece of the view; nothing waits for it.
    connect(job, &FindJob::finished, job, &QObject::deleteLater);
}

void FindBar::showStatus(const QString& text, bool problem)
{
    status_->setText(text);
    status_->setToolTip(text);
    status_->setStyleSheet(problem ? "color: #b00020;" : "");
}

bool FindBar::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == text_ && event->type() == QEvent::KeyPress) {
        const auto* key = static_cast<QKeyEvent*>(event);
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            search(key->modifiers() & Qt::ShiftModifier ? FindDirection::Backward : FindDirection::Forward);
            return true;
        }
        if (key->key() == Qt::Key_Escape) {
            close();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void FindBar::search(FindDirection direction)
{
    if (!document_)
        return;
    if (isHidden() || text_->text().trimmed().isEmpty()) {
        open();
        if (text_->text().trimmed().isEmpty())
            return;
    }
    if (job_)
        abandonJob(); // a new request replaces the one running
    const std::shared_ptr<ArraySource> source = document_->source();
    if (source->rows() == 0 || source->cols() == 0) {
        showStatus("The view is empty", true);
        return;
    }
    std::shared_ptr<const CellFinder> finder;
    try {
        finder = std::make_shared<const CellFinder>(*source, FindCondition::parse(text_->text().toStdString()));
        searched_ = QString::fromStdString(finder->condition().text());
    } catch (const Error& error) {
        showStatus(QString::fromStdString(error.what()), true);
        return;
    }
    // From the cursor (the cell after it); with none, from the first cell
    // (the last, backward), which is then looked at too.
    const CellSelection& cells = document_->selection();
    const bool haveCursor = cells.hasCursor();
    const bool forward = direction == FindDirection::Forward;
    const std::int64_t row = haveCursor ? cells.cursorRow() : forward ? 0 : source->rows() - 1;
    const std::int64_t column = haveCursor ? cells.cursorColumn() : forward ? 0 : source->cols() - 1;
    job_ = new FindJob(source, finder, row, column, direction, !haveCursor, this);
    connect(job_, &FindJob::finished, this, [this, direction](const FindOutcome& outcome, const QString& error) {
        onFinished(outcome, error, direction);
    });
    showStatus("Searching…", false);
    searchStartedMs_ = QDateTime::currentMSecsSinceEpoch();
    progress_->setValue(0);
    poll_->start();
    job_->start();
}

void FindBar::onFinished(const FindOutcome& outcome, const QString& error, FindDirection direction)
{
    FindJob* job = job_;
    job_ = nullptr;
    poll_->stop();
    progress_->hide();
    stop_->hide();
    if (job)
        job->deleteLater();
    const QString condition = searched_;
    if (!error.isEmpty()) {
        showStatus("Search failed: " + error, true);
    } else if (outcome.status == FindOutcome::Status::Cancelled) {
        showStatus("Search cancelled", false);
    } else if (outcome.status == FindOutcome::Status::NotFound) {
        showStatus("No match for " + condition, true);
    } else {
        Q_EMIT matchFound(outcome.row, outcome.column);
        const std::shared_ptr<ArraySource>& source = document_->source();
        QString where = QString("[%1, %2]").arg(QString::fromStdString(source->rowLabel(outcome.row)),
                                                QString::fromStdString(source->columnHeader(outcome.column)));
        if (outcome.wrapped)
            where += direction == FindDirection::Forward ? " — wrapped past the end, from the start"
                                                         : " — wrapped past the start, from the end";
        showStatus(where, false);
    }
    Q_EMIT searchFinished();
}
