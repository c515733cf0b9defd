// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "ui/array_document.h"

#include <QObject>
#include <QPointer>

#include <atomic>
#include <memory>
#include <thread>

class ColorScaleModel;

/// The heat map's range over the whole view (issue 12, item 2): while the
/// scale wants it (heat map on, range mode WholeView), the least and the
/// greatest finite value of the document's view, computed by
/// ArrayStatistics on a thread of its own, with progress and cancel, and
/// again when the view or its values change. Until it is known the grid
/// colours by the cells on screen. A lazy source's values are read from
/// Python chunk by chunk; reading them all only for colours would be the
/// surprise, so its range stays the screen's (rangeNote() says so).
class WholeViewRange : public QObject {
    Q_OBJECT
public:
    /// `document` and `scale` must outlive this; `releaser` takes the
    /// source a finished job held (the document's, see ArrayDocument).
    WholeViewRange(ArrayDocument* document, ColorScaleModel* scale, ArrayDocument::Releaser releaser,
                   QObject* parent = nullptr);
    /// Cancels and waits for the thread (a few milliseconds: it looks at
    /// the cancel flag between pieces of work).
    ~WholeViewRange() override;

    [[nodiscard]] bool isComputing() const { return job_ != nullptr; }
    /// Why the whole view's range is not used (a lazy source); empty otherwise.
    [[nodiscard]] QString rangeNote() const { return note_; }
    void cancel();

Q_SIGNALS:
    /// Per mille of the cells read; -1 when the computation ended or stopped.
    void progressChanged(int permille);

private:
    struct Job;
    /// Starts over if the scale wants the whole view's range, stops if not.
    void restart();
    void finish(const std::shared_ptr<Job>& job, double low, double high, bool found);
    void stopThread();

    ArrayDocument* document_;
    QPointer<ColorScaleModel> scale_;
    ArrayDocument::Releaser releaser_;
    std::shared_ptr<Job> job_;
    std::thread thread_;
    std::shared_ptr<Job> threadJob_; ///< the job thread_ runs (job_ may be newer or gone)
    QString note_;
    bool known_ = false; ///< the scale's range is the whole view's, for the values as they are
};
