// SPDX-License-Identifier: MIT
#include "ui/quit_guard.h"

#include "ui/python_worker.h"

#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
#include <QWidget>

namespace {

// A worker that does not answer within this time is stuck in a job that
// ignores Cancel; the worker's own shutdown deals with that (it exits).
constexpr int kAnswerTimeoutMs = 2000;
constexpr int kPollIntervalMs = 250;

QString threadList(const QStringList& names)
{
    QString items;
    for (const QString& name : names)
        items += "<li>" + name.toHtmlEscaped() + "</li>";
    return "<ul>" + items + "</ul>";
}

} // namespace

QuitGuard::QuitGuard(QWidget* window, PythonWorker* worker)
    : QObject(window), window_(window), worker_(worker), poll_(new QTimer(this))
{
    poll_->setInterval(kPollIntervalMs);
    connect(poll_, &QTimer::timeout, worker_, &PythonWorker::listScriptThreads);
    connect(worker_, &PythonWorker::scriptThreadsListed, this, &QuitGuard::onThreadsListed);
}

void QuitGuard::check()
{
    if (state_ != State::Idle)
        return;
    state_ = State::Asking;
    worker_->cancel(); // a call in flight must not hold up the answer
    worker_->listScriptThreads();
    QTimer::singleShot(kAnswerTimeoutMs, this, [this] {
        if (state_ == State::Asking)
            clear(false);
    });
}

void QuitGuard::onThreadsListed(const QStringList& names)
{
    if (state_ == State::Asking) {
        if (names.isEmpty())
            clear(false);
        else
            ask(names);
    } else if (state_ == State::Waiting) {
        if (names.isEmpty())
            clear(false);
        else if (dialog_)
            dialog_->setInformativeText("Still running:" + threadList(names));
    }
}

void QuitGuard::ask(const QStringList& names)
{
    state_ = State::Idle; // until the user answers, closing again asks again
    closeDialog();
    auto* box = new QMessageBox(QMessageBox::Question, "Quit ArrayLens",
                                QString("The script started %1 that %2 still running:")
                                    .arg(names.size() == 1 ? "a thread" : QString("%1 threads").arg(names.size()),
                                         names.size() == 1 ? "is" : "are"),
                                QMessageBox::NoButton, window_);
    box->setObjectName("scriptThreadsQuestion");
    const bool one = names.size() == 1;
    box->setInformativeText(threadList(names) +
                            QString("Python waits for %1 before it exits: %2 may still be writing data. Quitting "
                                    "anyway stops %1 where %2 %3.")
                                .arg(one ? "it" : "them", one ? "it" : "they", one ? "is" : "are"));
    QPushButton* waitButton = box->addButton(one ? "Wait for it" : "Wait for them", QMessageBox::AcceptRole);
    QPushButton* quitButton = box->addButton("Quit anyway", QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setDefaultButton(waitButton);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, waitButton, quitButton, names](QAbstractButton* button) {
        if (button == waitButton)
            wait(names);
        else if (button == quitButton)
            clear(true);
        else if (dialog_ == box)
            cancel();
    });
    dialog_ = box;
    box->open();
}

void QuitGuard::wait(const QStringList& names)
{
    state_ = State::Waiting;
    auto* box = new QMessageBox(QMessageBox::Information, "Quit ArrayLens",
                                "ArrayLens quits when the script's threads have finished.", QMessageBox::NoButton,
                                window_);
    box->setObjectName("scriptThreadsWaiting");
    box->setInformativeText("Still running:" + threadList(names));
    QPushButton* quitButton = box->addButton("Quit anyway", QMessageBox::DestructiveRole);
    box->addButton(QMessageBox::Cancel);
    box->setAttribute(Qt::WA_DeleteOnClose);
    connect(box, &QMessageBox::buttonClicked, this, [this, box, quitButton](QAbstractButton* button) {
        if (button == quitButton)
            clear(true);
        else if (dialog_ == box)
            cancel();
    });
    dialog_ = box; // the question box closes itself after the click
    box->open();
    poll_->start();
}

void QuitGuard::clear(bool abandonThreads)
{
    poll_->stop();
    state_ = State::Cleared;
    abandonsThreads_ = abandonThreads;
    closeDialog();
    window_->close();
}

void QuitGuard::cancel()
{
    poll_->stop();
    state_ = State::Idle;
    closeDialog();
}

void QuitGuard::closeDialog()
{
    if (QMessageBox* box = dialog_) {
        dialog_ = nullptr;
        box->close();
    }
}
