// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/cell_range.h"
#include "ui/array_document.h"
#include "ui/plot_job.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>

class PlotView;
class QComboBox;
class QMenu;
class QLabel;
class QProgressBar;
class QTimer;
class QToolButton;

/// The plot pane of a view tab: a mode chooser, a caption, progress and
/// cancel, and the PlotView. It follows its document: a change of
/// selection, of values (cellsChanged) or of the view re-reads what is
/// plotted, debounced, on a PlotJob; the plot shown stays until the new one
/// is read. A click on a line selects its cell in the document (and so in
/// the grid). Hidden, it reads nothing.
class PlotPanel : public QWidget {
    Q_OBJECT
public:
    enum class Mode {
        /// A 1-D view whole; else a selected row or column (part of one, or
        /// a whole one from its header); else the cursor's row.
        LineOfSelection,
        LineOfCursorRow,
        LineOfCursorColumn,
        HistogramOfView,
        HistogramOfSelection,
    };

    explicit PlotPanel(PlotJob::Releaser releaser = {}, QWidget* parent = nullptr);
    ~PlotPanel() override;

    /// Follows this document (after a reload, the new one).
    void setDocument(ArrayDocument* document);
    [[nodiscard]] Mode mode() const { return mode_; }
    void setMode(Mode mode);

    [[nodiscard]] PlotView* plotView() const { return view_; }

    /// The View menu's plot actions (show or hide the pane, one per mode,
    /// each showing the pane), acting on the panel `current` gives (none: no view).
    static void addMenuActions(QMenu* menu, std::function<PlotPanel*()> current);
    /// What is plotted, or why nothing is ("Line of row 3 …").
    [[nodiscard]] QString caption() const;
    /// True while a plot is being read.
    [[nodiscard]] bool isReading() const { return job_ != nullptr; }

    /// Room for a readable plot when the pane first opens below the grid.
    [[nodiscard]] QSize sizeHint() const override { return {640, 320}; }

Q_SIGNALS:
    /// A plot was read and shown (or failed: its message is shown).
    void plotShown();
    /// A click on the line selected this cell (view coordinates) in the document.
    void cellSelected(std::int64_t row, std::int64_t column);

protected:
    void showEvent(QShowEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    /// Asks for a re-read after the debounce delay.
    void schedule();
    /// Starts reading what the mode and selection say, unless it is what is shown already.
    void refresh();
    void finish(const QString& error);
    /// Cancels the running read, if any; it deletes itself when it stops.
    void retireJob();
    void setCaption(const QString& caption);
    /// The run a line plot shows now, or nothing (and why in `why`).
    [[nodiscard]] std::optional<arraylens::CellRange> lineRun(QString& why) const;
    void selectRunIndex(std::int64_t index);

    QPointer<ArrayDocument> document_;
    PlotJob::Releaser releaser_;
    Mode mode_ = Mode::LineOfSelection;
    QComboBox* modes_ = nullptr;
    QLabel* caption_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QToolButton* cancel_ = nullptr;
    PlotView* view_ = nullptr;
    QTimer* debounce_ = nullptr;
    QTimer* poll_ = nullptr;
    PlotJob* job_ = nullptr;
    /// What the job reads (and what is shown once it is done): the run or
    /// range, the source, the bucket count, and the caption to show with it.
    /// The source is not held: the document decides when it goes (its
    /// release takes the GIL, never on the GUI thread).
    struct Request {
        Mode mode = Mode::LineOfSelection;
        arraylens::CellRange range;
        std::weak_ptr<arraylens::ArraySource> source;
        std::int64_t buckets = 0;
        QString caption;
        [[nodiscard]] bool isOf(const std::shared_ptr<arraylens::ArraySource>& other) const
        {
            return !source.owner_before(other) && !other.owner_before(source) && !source.expired();
        }
        bool operator==(const Request& other) const
        {
            return mode == other.mode && range == other.range && !source.owner_before(other.source) &&
                   !other.source.owner_before(source) && buckets == other.buckets && caption == other.caption;
        }
    };
    Request reading_;
    Request shown_;
    bool stale_ = true; ///< values changed since shown_ was read
};
