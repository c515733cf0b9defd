// SPDX-License-Identifier: MIT
#include "ui/array_view_tab.h"

#include "core/errors.h"
#include "core/plane_sampler.h"
#include "core/py_buffer.h"
#include "ui/array_document.h"
#include "ui/array_grid_view.h"
#include "ui/color_scale_model.h"
#include "ui/image_view.h"
#include "ui/view_mode_bar.h"
#include "ui/find_bar.h"
#include "ui/plot_panel.h"
#include "ui/qt_text.h"
#include "ui/slice_bar.h"
#include "ui/whole_view_range.h"

#include <QLabel>
#include <QSplitter>
#include <QVBoxLayout>

#include <optional>

using namespace arraylens;

ArrayViewTab::ArrayViewTab(std::shared_ptr<ArrayData> array, QString callName, QStringList arguments,
                           ArrayDocument::Releaser releaser, ArrayDocument::Scheduler scheduler, QWidget* parent)
    : QWidget(parent), callName_(std::move(callName)), arguments_(std::move(arguments)),
      releaser_(std::move(releaser)), scheduler_(std::move(scheduler))
{
    colorScale_ = new ColorScaleModel(this);
    layout_ = new QVBoxLayout(this);
    layout_->setContentsMargins(0, 0, 0, 0);
    layout_->setSpacing(0);
    staleBanner_ = new QLabel(this);
    staleBanner_->setObjectName("staleBanner");
    staleBanner_->setWordWrap(true);
    staleBanner_->setStyleSheet("background: #fff3cd; color: #664d03; padding: 4px;");
    staleBanner_->hide();
    layout_->addWidget(staleBanner_);
    lostBanner_ = new QLabel(this);
    lostBanner_->setObjectName("memoryLostBanner");
    lostBanner_->setWordWrap(true);
    lostBanner_->setStyleSheet("background: #f8d7da; color: #58151c; padding: 4px;");
    lostBanner_->hide();
    layout_->addWidget(lostBanner_);
    sliceBar_ = new SliceBar(this);
    layout_->addWidget(sliceBar_);
    modeBar_ = new ViewModeBar(colorScale_, this);
    layout_->addWidget(modeBar_);
    splitter_ = new QSplitter(Qt::Vertical, this);
    splitter_->setChildrenCollapsible(false);
    layout_->addWidget(splitter_, 1);
    // Above the plot pane: the grid and the image view, side by side.
    views_ = new QSplitter(Qt::Horizontal, splitter_);
    views_->setChildrenCollapsible(false);
    splitter_->addWidget(views_);
    splitter_->setStretchFactor(0, 1);
    plotPanel_ = new PlotPanel(releaser_, splitter_);
    plotPanel_->hide();
    splitter_->addWidget(plotPanel_);
    splitter_->setStretchFactor(1, 0);
    connect(modeBar_, &ViewModeBar::modeChanged, this, &ArrayViewTab::showViews);
    connect(modeBar_, &ViewModeBar::fitRequested, this, [this] { imageView_->fitToWindow(); });
    statusLine_ = new QLabel(this);
    statusLine_->setObjectName("statusLine");
    statusLine_->setTextFormat(Qt::RichText);
    statusLine_->setContentsMargins(6, 3, 6, 3);
    connect(statusLine_, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == "stop-range" && wholeViewRange_)
            wholeViewRange_->cancel(); // the screen's range stays
    });
    layout_->addWidget(statusLine_);
    findBar_ = new FindBar(this);
    layout_->addWidget(findBar_);
    connect(findBar_, &FindBar::matchFound, this, [this](std::int64_t row, std::int64_t column) {
        grid_->goToCell(row, column); // scrolls to it
    });
    connect(findBar_, &FindBar::closed, this, [this] { grid_->setFocus(); });

    connect(sliceBar_, &SliceBar::sliceRequested, this, [this](const SliceSpec& slice, bool transposed) {
        // A field group that a plane cannot show (several leaves) falls back
        // to the first field rather than refusing the plane.
        if (!trySetView(slice, transposed, document_->field(), false))
            trySetView(slice, transposed, {}, true);
    });
    connect(sliceBar_, &SliceBar::fieldRequested, this, [this](const QString& field) {
        trySetView(document_->slice(), document_->isTransposed(), field.toStdString(), true);
    });
    buildDocument(std::move(array));
}

void ArrayViewTab::buildDocument(std::shared_ptr<ArrayData> array)
{
    document_ = new ArrayDocument(std::move(array), releaser_, scheduler_, this);
    // An (H, W, 3|4) picture opens as one: the image view, and the grid on
    // its first channel (the H × W plane) rather than a W × 3 strip.
    const bool openAsPicture = PlaneSampler::colorChannels(*document_->data());
    if (openAsPicture)
        document_->setSlice(SliceSpec::parse(":,:,0"));
    grid_ = new ArrayGridView(document_, this);
    grid_->setColorScale(colorScale_);
    wholeViewRange_ = new WholeViewRange(document_, colorScale_, releaser_, this);
    connect(wholeViewRange_, &WholeViewRange::progressChanged, this, [this](int permille) {
        rangeProgress_ = permille;
        updateStatusLine();
    });
    plotPanel_->setDocument(document_);
    connect(plotPanel_, &PlotPanel::cellSelected, grid_, &ArrayGridView::goToCell); // scrolls the grid to it
    views_->insertWidget(0, grid_);
    imageView_ = new ImageView(document_, colorScale_, releaser_, scheduler_, this);
    views_->insertWidget(1, imageView_);
    connect(imageView_, &ImageView::readoutChanged, modeBar_, &ViewModeBar::setReadout);
    // The grid scrolls to a clicked cell (and follows the document's selection otherwise).
    connect(imageView_, &ImageView::cellClicked, grid_, [this](std::int64_t row, std::int64_t column, bool extended) {
        if (!extended)
            grid_->goToCell(row, column);
    });
    if (openAsPicture)
        modeBar_->setMode(ViewModeBar::Mode::Image);
    showViews();
    findBar_->setDocument(document_);
    connect(document_, &ArrayDocument::editRejected, this, &ArrayViewTab::message);
    connect(document_, &ArrayDocument::memoryLost, this, &ArrayViewTab::showMemoryLost);
    connect(document_, &ArrayDocument::sourceFailed, this, &ArrayViewTab::message);
    connect(grid_, &ArrayGridView::statusMessage, this, &ArrayViewTab::message);
    syncSliceBar();
    sliceBar_->setVisible(document_->data()->dimensions() >= 1);
    updateStatusLine();
}

bool ArrayViewTab::trySetView(const SliceSpec& slice, bool transposed, const std::string& field, bool report)
{
    try {
        document_->setSlice(slice, transposed, field);
        syncSliceBar();
        return true;
    } catch (const Error& error) {
        if (report) {
            sliceBar_->showProblem(QString::fromStdString(error.what()));
            Q_EMIT message(QString::fromStdString(error.what()));
        }
        return false;
    }
}

void ArrayViewTab::syncSliceBar()
{
    sliceBar_->setShape(document_->data()->shape(), document_->data()->axisNames(), document_->slice(),
                        document_->isTransposed());
    QStringList fields;
    const ElementType& type = document_->data()->elementType();
    if (type.isRecord())
        for (const RecordField& field : *type.fields)
            fields << QString::fromStdString(field.name);
    const std::vector<std::string> shown = document_->view().shownFields();
    sliceBar_->setFields(fields, shown.size() == 1 ? QString::fromStdString(shown.front()) : QString());
}

QString ArrayViewTab::title() const
{
    const ArrayData& array = *document_->data();
    const QString made = dataset_ ? callName_ : QString("%1(%2)").arg(callName_, arguments_.join(", "));
    return QString("%1 — %2 %3").arg(made, QString::fromStdString(array.elementType().name), tupleQString(array.shape()));
}

void ArrayViewTab::replaceArray(std::shared_ptr<ArrayData> array)
{
    staleBanner_->hide();
    lostBanner_->hide();
    // The same document, grid and undo stack (DESIGN.md: the document keeps
    // its identity): scroll position, selection and format stay.
    const bool hadHistory = document_->undoStack()->count() > 0;
    if (!document_->replaceData(std::move(array)) && hadHistory)
        Q_EMIT message(QString("%1 returned a new array: the undo steps of the earlier one were dropped").arg(callName_));
    syncSliceBar();
    sliceBar_->setVisible(document_->data()->dimensions() >= 1);
    updateStatusLine();
    Q_EMIT documentReplaced();
}

void ArrayViewTab::markStale(const QString& reason)
{
    staleBanner_->setText("Not refreshed: " + reason + " — this view still shows the buffer of the earlier call.");
    staleBanner_->show();
}

void ArrayViewTab::showMemoryLost()
{
    QString reason = ArrayDocument::memoryLostReason();
    reason[0] = reason[0].toUpper();
    lostBanner_->setText(reason + ".");
    lostBanner_->show();
    updateStatusLine();
    Q_EMIT message("The file behind " + title() + " shrank; that view is read-only and empty now");
}

bool ArrayViewTab::isMemoryLost() const
{
    return !lostBanner_->isHidden();
}

bool ArrayViewTab::isStale() const
{
    return !staleBanner_->isHidden();
}

QString ArrayViewTab::goToLabels(std::int64_t rowLabel, std::int64_t columnLabel)
{
    const StridedView& view = document_->view();
    const auto toViewIndex = [](std::int64_t label, std::int64_t count, std::int64_t first,
                                std::int64_t step) -> std::optional<std::int64_t> {
        if (count == 0 || (label - first) % step != 0)
            return std::nullopt;
        const std::int64_t index = (label - first) / step;
        if (index < 0 || index >= count)
            return std::nullopt;
        return index;
    };
    const auto axisOf = [&](int axis) {
        return axis >= 0 ? view.axes()[static_cast<std::size_t>(axis)] : AxisSelection{true, 0, 1, 1};
    };
    const AxisSelection rows = axisOf(view.rowAxis());
    const AxisSelection columns = axisOf(view.colAxis());
    const auto row = toViewIndex(rowLabel, view.rows(), rows.start, rows.step);
    const auto column = toViewIndex(columnLabel, view.cols(), columns.start, columns.step);
    if (!row)
        return QString("row %1 is not in this view (rows %2 … %3)")
            .arg(rowLabel)
            .arg(view.rows() ? view.rowLabel(0) : 0)
            .arg(view.rows() ? view.rowLabel(view.rows() - 1) : 0);
    if (!column)
        return QString("column %1 is not in this view (columns %2 … %3)")
            .arg(columnLabel)
            .arg(view.cols() ? view.colLabel(0) : 0)
            .arg(view.cols() ? view.colLabel(view.cols() - 1) : 0);
    grid_->goToCell(*row, *column);
    return {};
}

void ArrayViewTab::updateStatusLine()
{
    const ArrayData& array = *document_->data();
    const ElementType& type = array.elementType();
    const char order = DtypeTable::byteOrderChar(type);
    const QString byteOrder = order == '|' ? "byte order n/a" : order == '<' ? "little-endian" : "big-endian";
    QString text;
    if (const std::shared_ptr<PyBuffer> buffer = array.buffer()) {
        text = QString("<b>%1</b> &nbsp;·&nbsp; format '%2' &nbsp;·&nbsp; shape %3 &nbsp;·&nbsp; strides %4 "
                       "&nbsp;·&nbsp; %5 &nbsp;·&nbsp; %6")
                   .arg(QString::fromStdString(type.name), QString::fromStdString(buffer->format()).toHtmlEscaped(),
                        tupleQString(buffer->shape()), tupleQString(buffer->strides()), byteOrder,
                        QString::fromStdString(buffer->exporterType()));
        if (buffer->mask())
            text += " &nbsp;·&nbsp; masked";
    } else {
        // A lazy array: where the values come from, and how they are stored.
        text = QString("<b>%1</b> &nbsp;·&nbsp; shape %2 &nbsp;·&nbsp; %3 &nbsp;·&nbsp; %4 &nbsp;·&nbsp; read "
                       "window by window")
                   .arg(QString::fromStdString(type.name), tupleQString(array.shape()),
                        array.chunks().empty() ? QString("not chunked") : "chunks " + tupleQString(array.chunks()),
                        QString::fromStdString(array.origin()));
        if (!array.readsAsText())
            text += " &nbsp;·&nbsp; " + byteOrder;
    }
    if (document_->isReadOnly())
        text += " &nbsp; <span style='background:#b00020;color:white;'>&nbsp;READ-ONLY&nbsp;</span>";
    if (rangeProgress_ >= 0)
        text += QString(" &nbsp;·&nbsp; heat map range: %1 % of the view read &nbsp;<a href='stop-range'>stop</a>")
                    .arg(rangeProgress_ / 10);
    statusLine_->setText(text);
    statusLine_->setToolTip(document_->readOnlyReason());
}

void ArrayViewTab::showViews()
{
    const ViewModeBar::Mode mode = modeBar_->mode();
    grid_->setVisible(mode != ViewModeBar::Mode::Image);
    imageView_->setVisible(mode != ViewModeBar::Mode::Grid);
    if (mode == ViewModeBar::Mode::Both) // side by side, half each
        views_->setSizes({views_->width() / 2, views_->width() - views_->width() / 2});
    // Alone, the image view is the one that knows what is visible.
    imageView_->setProvidesVisibleRange(mode == ViewModeBar::Mode::Image);
}
