// SPDX-License-Identifier: MIT
#include "ui/plot_panel.h"

#include "core/line_envelope.h"
#include "core/value_histogram.h"
#include "ui/plot_job.h"
#include "ui/plot_view.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

using namespace arraylens;

namespace {

/// Changes closer together than this make one re-read.
constexpr int kDebounceMs = 150;
/// A line with at most this many points per pixel column is drawn point by point.
constexpr std::int64_t kExactPointsPerPixel = 4;

bool intersects(const CellRange& a, const CellRange& b)
{
    return a.firstRow < b.firstRow + b.rowCount && b.firstRow < a.firstRow + a.rowCount &&
           a.firstColumn < b.firstColumn + b.columnCount && b.firstColumn < a.firstColumn + a.columnCount;
}

bool contains(const CellRange& range, std::int64_t row, std::int64_t column)
{
    return intersects(range, CellRange{row, 1, column, 1});
}

/// A run one column wide goes down the rows; otherwise it goes along a row.
bool isColumnRun(const CellRange& run)
{
    return run.columnCount == 1;
}

QString text(const std::string& s)
{
    return QString::fromStdString(s);
}

/// "rows 0 … 99": the true labels of a range's first and last row (or column).
QString span(const ArraySource& source, const CellRange& range, bool rows)
{
    const auto label = [&](std::int64_t i) { return rows ? text(source.rowLabel(i)) : text(source.columnHeader(i)); };
    const std::int64_t first = rows ? range.firstRow : range.firstColumn;
    const std::int64_t count = rows ? range.rowCount : range.columnCount;
    const QString noun = rows ? "row" : "column";
    if (count == 1)
        return noun + " " + label(first);
    return noun + "s " + label(first) + " … " + label(first + count - 1);
}

/// The index axis of a run: its cells' header labels, affine when they are
/// the plain true indices a StridedView gives.
PlotIndexAxis indexAxis(const std::shared_ptr<ArraySource>& source, const CellRange& run, bool oneDimensional)
{
    const std::weak_ptr<ArraySource> weak = source; // labels are read while painting: the plot does not pin the source
    PlotIndexAxis axis;
    const StridedView& geometry = source->geometry();
    const bool down = isColumnRun(run);
    const std::int64_t first = down ? run.firstRow : run.firstColumn;
    const std::int64_t count = down ? run.rowCount : run.columnCount;
    axis.title = oneDimensional ? "index" : down ? "row" : "column";
    axis.label = [weak, first, down](std::int64_t i) {
        const std::shared_ptr<ArraySource> held = weak.lock();
        if (!held)
            return QString();
        return text(down ? held->rowLabel(first + i) : held->columnHeader(first + i));
    };
    const auto trueIndex = [&](std::int64_t i) {
        return down ? geometry.rowLabel(first + i) : geometry.colLabel(first + i);
    };
    const bool plain = down || geometry.columnPeriod() == 1;
    if (plain && axis.label(0) == QString::number(trueIndex(0))) {
        axis.first = trueIndex(0);
        axis.step = count > 1 ? trueIndex(1) - axis.first : 1;
        axis.affine = trueIndex(count - 1) == axis.first + axis.step * (count - 1);
    }
    return axis;
}

QString countsText(std::int64_t nan, std::int64_t posInf, std::int64_t negInf, std::int64_t masked)
{
    QString counts;
    const auto add = [&](std::int64_t n, const QString& what) {
        if (n > 0)
            counts += QString(" · %1 %2").arg(QLocale().toString(static_cast<qlonglong>(n)), what);
    };
    add(nan, "NaN");
    add(posInf, "+inf");
    add(negInf, "−inf");
    add(masked, "masked");
    return counts;
}

} // namespace

PlotPanel::PlotPanel(PlotJob::Releaser releaser, QWidget* parent) : QWidget(parent), releaser_(std::move(releaser))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->setSpacing(2);
    auto* bar = new QHBoxLayout;
    modes_ = new QComboBox(this);
    modes_->setObjectName("plotMode");
    modes_->addItem("Line: 1-D view, selected row or column", static_cast<int>(Mode::LineOfSelection));
    modes_->addItem("Line: the cursor's row", static_cast<int>(Mode::LineOfCursorRow));
    modes_->addItem("Line: the cursor's column", static_cast<int>(Mode::LineOfCursorColumn));
    modes_->addItem("Histogram: the view", static_cast<int>(Mode::HistogramOfView));
    modes_->addItem("Histogram: the selection", static_cast<int>(Mode::HistogramOfSelection));
    bar->addWidget(modes_);
    progress_ = new QProgressBar(this);
    progress_->setRange(0, 1000);
    progress_->setMaximumWidth(140);
    progress_->setTextVisible(false);
    progress_->hide();
    bar->addWidget(progress_);
    cancel_ = new QToolButton(this);
    cancel_->setText("Cancel");
    cancel_->setToolTip("Stop reading the values for this plot");
    cancel_->hide();
    bar->addWidget(cancel_);
    bar->addStretch(1);
    layout->addLayout(bar);
    caption_ = new QLabel(this);
    caption_->setObjectName("plotCaption");
    caption_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // A line of its own, wrapped: a long caption never widens the window.
    caption_->setWordWrap(true);
    caption_->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Preferred);
    layout->addWidget(caption_);
    view_ = new PlotView(this);
    layout->addWidget(view_, 1);

    debounce_ = new QTimer(this);
    debounce_->setSingleShot(true);
    debounce_->setInterval(kDebounceMs);
    connect(debounce_, &QTimer::timeout, this, &PlotPanel::refresh);
    poll_ = new QTimer(this);
    poll_->setInterval(100);
    connect(poll_, &QTimer::timeout, this, [this] {
        if (!job_)
            return;
        progress_->setValue(job_->permille());
        progress_->show(); // only reads that last past the first tick show progress
        cancel_->show();
    });
    connect(cancel_, &QToolButton::clicked, this, [this] {
        if (job_)
            job_->cancel();
    });
    connect(modes_, &QComboBox::activated, this,
            [this](int index) { setMode(static_cast<Mode>(modes_->itemData(index).toInt())); });
    connect(view_, &PlotView::indexClicked, this, &PlotPanel::selectRunIndex);
}

PlotPanel::~PlotPanel()
{
    delete job_; // cancels and waits: the job reads cells the document may release next
}

void PlotPanel::addMenuActions(QMenu* menu, std::function<PlotPanel*()> current)
{
    QMenu* plots = menu->addMenu("&Plot");
    plots->addAction("Show or hide the &plot", QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), menu, [current] {
        if (PlotPanel* panel = current())
            panel->setVisible(!panel->isVisible());
    });
    plots->addSeparator();
    const std::pair<const char*, Mode> modes[] = {
        {"&Line of the 1-D view, selected row or column", Mode::LineOfSelection},
        {"Line of the cursor's &row", Mode::LineOfCursorRow},
        {"Line of the cursor's &column", Mode::LineOfCursorColumn},
        {"&Histogram of the view", Mode::HistogramOfView},
        {"Histogram of the &selection", Mode::HistogramOfSelection},
    };
    for (const auto& [label, mode] : modes)
        plots->addAction(label, menu, [current, mode = mode] {
            if (PlotPanel* panel = current()) {
                panel->setMode(mode);
                panel->show();
            }
        });
}

void PlotPanel::setDocument(ArrayDocument* document)
{
    if (document_) {
        disconnect(document_, nullptr, this, nullptr);
        disconnect(document_->undoStack(), nullptr, this, nullptr);
    }
    document_ = document;
    stale_ = true;
    if (document_) {
        connect(document_, &ArrayDocument::selectionChanged, this, [this] {
            if (mode_ != Mode::HistogramOfView)
                schedule();
        });
        connect(document_, &ArrayDocument::cellsChanged, this, [this](const CellRange& range) {
            // Only values under the plot matter. A lazy source also reports
            // every block the grid fetched (values that became readable, not
            // new ones): its edits come through the undo stack below, and a
            // call's changes as the whole view.
            const bool lazy = document_->source()->isLazy();
            if ((intersects(range, shown_.range) || intersects(range, reading_.range)) &&
                (!lazy || range == CellRange::whole(document_->view()))) {
                stale_ = true;
                schedule();
            }
        });
        connect(document_->undoStack(), &QUndoStack::indexChanged, this, [this] {
            stale_ = true; // an edit, its undo or its redo
            schedule();
        });
        connect(document_, &ArrayDocument::viewChanged, this, [this] {
            stale_ = true;
            schedule();
        });
    }
    schedule();
}

void PlotPanel::setMode(Mode mode)
{
    mode_ = mode;
    modes_->setCurrentIndex(modes_->findData(static_cast<int>(mode)));
    schedule();
}

void PlotPanel::setCaption(const QString& caption)
{
    caption_->setText(caption);
}

QString PlotPanel::caption() const
{
    return caption_->text();
}

void PlotPanel::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    schedule();
}

void PlotPanel::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    // A decimated line has one bucket per pixel column: a new width wants new
    // buckets (refresh() reads nothing when the count comes out the same).
    if (view_->hasLine())
        schedule();
}

void PlotPanel::schedule()
{
    if (isVisible())
        debounce_->start();
}

std::optional<CellRange> PlotPanel::lineRun(QString& why) const
{
    const StridedView& view = document_->view();
    const std::int64_t rows = view.rows();
    const std::int64_t columns = view.cols();
    if (rows == 0 || columns == 0) {
        why = "The view is empty: nothing to plot";
        return std::nullopt;
    }
    const CellSelection& selection = document_->selection();
    const std::int64_t cursorRow = selection.hasCursor() ? selection.cursorRow() : 0;
    const std::int64_t cursorColumn = selection.hasCursor() ? selection.cursorColumn() : 0;
    const CellRange rowRun{cursorRow, 1, 0, columns};
    const CellRange columnRun{0, rows, cursorColumn, 1};
    switch (mode_) {
    case Mode::LineOfCursorRow:
        return rowRun;
    case Mode::LineOfCursorColumn:
        return columnRun;
    default:
        break;
    }
    if (columns == 1)
        return columnRun; // a 1-D view (or one column): all of it
    if (rows == 1)
        return rowRun;
    const CellRange& range = selection.range();
    if (range.rowCount == 1 && range.columnCount > 1)
        return range;
    if (range.columnCount == 1 && range.rowCount > 1)
        return range;
    // One cell (a click, perhaps on the plot itself): the run shown stays while the cursor is on it.
    if (shown_.isOf(document_->source()) && shown_.mode == mode_ && shown_.range.cellCount() > 0 &&
        contains(shown_.range, cursorRow, cursorColumn))
        return shown_.range;
    return rowRun;
}

void PlotPanel::refresh()
{
    if (!document_ || !isVisible())
        return;
    const std::shared_ptr<ArraySource> source = document_->source();
    Request request;
    request.mode = mode_;
    request.source = source;
    const bool line = mode_ == Mode::LineOfSelection || mode_ == Mode::LineOfCursorRow ||
                      mode_ == Mode::LineOfCursorColumn;
    if (line) {
        QString why;
        const std::optional<CellRange> run = lineRun(why);
        if (!run) {
            retireJob();
            shown_ = Request{};
            setCaption(why);
            view_->showMessage(why);
            return;
        }
        request.range = *run;
        // Up to a few points per pixel column every point is drawn (smooth,
        // with antialiasing); beyond, one min…max span per pixel column.
        request.buckets = run->cellCount() <= kExactPointsPerPixel * view_->bucketsWanted() ? run->cellCount()
                                                                                             : view_->bucketsWanted();
        const bool oneDimensional = document_->view().keptDimensions() <= 1;
        request.caption = oneDimensional ? "Line of the 1-D view, indices " +
                                               span(*source, *run, true).section(' ', 1)
                          : isColumnRun(*run) ? QString("Line of %1, %2")
                                                    .arg(span(*source, CellRange{0, 1, run->firstColumn, 1}, false),
                                                         span(*source, *run, true))
                                              : QString("Line of %1, %2")
                                                    .arg(span(*source, CellRange{run->firstRow, 1, 0, 1}, true),
                                                         span(*source, *run, false));
    } else {
        const bool ofSelection = mode_ == Mode::HistogramOfSelection;
        request.range = ofSelection ? document_->selection().range() : CellRange::whole(document_->view());
        if (request.range.cellCount() == 0) {
            setCaption("Nothing selected");
            view_->showMessage("Nothing selected: select cells for their histogram");
            shown_ = Request{};
            return;
        }
        request.caption = ofSelection ? QString("Histogram of the selection (%1, %2)")
                                            .arg(span(*source, request.range, true), span(*source, request.range, false))
                                      : QString("Histogram of the view");
    }
    if (!stale_ && ((job_ && request == reading_) || (!job_ && request == shown_)))
        return; // what is shown (or being read) is what was asked for
    const QString why = text(ValueScanner::whyNotNumeric(*source, request.range));
    if (!why.isEmpty()) {
        retireJob();
        shown_ = request;
        stale_ = false;
        setCaption(request.caption);
        view_->showMessage("Cannot plot: " + why);
        return;
    }

    retireJob();
    reading_ = request;
    stale_ = false;
    const CellRange range = request.range;
    const std::int64_t buckets = request.buckets;
    PlotJob::Work work;
    std::int64_t total = range.cellCount();
    if (line) {
        work = [range, buckets](ArraySource& source, const ValueScanner::Progress& progress) -> PlotJob::Result {
            if (std::optional<LineEnvelope> envelope = LineEnvelope::read(source, range, buckets, progress))
                return std::move(*envelope);
            return {};
        };
    } else {
        total *= 2; // two passes
        work = [range](ArraySource& source, const ValueScanner::Progress& progress) -> PlotJob::Result {
            if (std::optional<ValueHistogram> histogram =
                    ValueHistogram::read(source, range, ValueHistogram::kDefaultMaxBins, progress))
                return std::move(*histogram);
            return {};
        };
    }
    job_ = new PlotJob(source, std::move(work), total, releaser_, this);
    connect(job_, &PlotJob::finished, this, &PlotPanel::finish);
    setCaption(request.caption + " · reading…");
    progress_->setValue(0);
    poll_->start();
    job_->start();
}

void PlotPanel::retireJob()
{
    if (!job_)
        return;
    // Not deleted here: deleting waits for its thread, and a lazy source's
    // read may be waiting for the GIL. It stops at its next band and goes.
    job_->cancel();
    disconnect(job_, &PlotJob::finished, this, nullptr);
    connect(job_, &PlotJob::finished, job_, &QObject::deleteLater);
    job_ = nullptr;
}

void PlotPanel::finish(const QString& error)
{
    PlotJob* job = job_;
    job_ = nullptr;
    poll_->stop();
    progress_->hide();
    cancel_->hide();
    PlotJob::Result result = job->takeResult();
    job->deleteLater();
    shown_ = reading_;
    // The job (deleted later) still holds the source: it is alive here.
    const std::shared_ptr<ArraySource> source = reading_.source.lock();
    const ElementType& type = source->columnType(reading_.range.firstColumn);
    const QString valueTitle = type.kind == ElementKind::Complex
                                   ? QString("|z|, the magnitude of %1").arg(text(type.name))
                                   : text(type.name);
    if (!error.isEmpty()) {
        setCaption(reading_.caption);
        view_->showMessage("Cannot plot: " + error);
    } else if (auto* envelope = std::get_if<LineEnvelope>(&result)) {
        setCaption(QString("%1 · %2 values of %3%4")
                              .arg(reading_.caption, QLocale().toString(static_cast<qlonglong>(envelope->length())),
                                   valueTitle,
                                   countsText(envelope->nanCount(), envelope->posInfCount(), envelope->negInfCount(),
                                              envelope->maskedCount())));
        const bool oneDimensional = document_ && document_->view().keptDimensions() <= 1;
        view_->showLine(std::move(*envelope), indexAxis(source, reading_.range, oneDimensional), valueTitle);
    } else if (auto* histogram = std::get_if<ValueHistogram>(&result)) {
        setCaption(QString("%1 · %2 finite values of %3 in %4 bins%5")
                              .arg(reading_.caption,
                                   QLocale().toString(static_cast<qlonglong>(histogram->finiteCount())), valueTitle)
                              .arg(histogram->binCount())
                              .arg(countsText(histogram->nanCount(), histogram->posInfCount(),
                                              histogram->negInfCount(), histogram->maskedCount())));
        view_->showHistogram(std::move(*histogram), valueTitle);
    } else {
        setCaption(reading_.caption + " · cancelled");
        view_->showMessage("Cancelled: the plot was not read");
        stale_ = true; // asked again, it is read again
    }
    Q_EMIT plotShown();
}

void PlotPanel::selectRunIndex(std::int64_t index)
{
    if (!document_ || !shown_.isOf(document_->source()) || !view_->hasLine())
        return;
    const CellRange& run = shown_.range;
    const std::int64_t row = isColumnRun(run) ? run.firstRow + index : run.firstRow;
    const std::int64_t column = isColumnRun(run) ? run.firstColumn : run.firstColumn + index;
    CellSelection selection = document_->selection();
    selection.moveCursor(row, column, false, document_->view().rows(), document_->view().cols());
    document_->setSelection(selection);
    Q_EMIT cellSelected(row, column);
}
