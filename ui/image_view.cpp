// SPDX-License-Identifier: MIT
#include "ui/image_view.h"

#include "core/errors.h"
#include "core/float_repr.h"
#include "ui/color_scale_model.h"
#include "ui/plane_sampling_worker.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QTimer>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

using namespace arraylens;

namespace {

/// The largest zoom: a cell 256 screen pixels wide.
constexpr double kMaxZoom = 256.0;
/// What the visible region may cost to read, in pages (see PlaneSampler):
/// a quarter of --render's budget, so that a refinement comes in seconds.
constexpr std::int64_t kRegionPageBudget = PlaneSampler::kPageBudget / 4;
/// The first picture's budget: it is what shows anything at all.
constexpr std::int64_t kFirstPageBudget = PlaneSampler::kPageBudget / 8;

QString numberText(double value)
{
    char text[FloatRepr::kMaxTextSize];
    return QString::fromLatin1(text, static_cast<int>(FloatRepr::write(text, value, false) - text));
}

} // namespace

ImageView::ImageView(ArrayDocument* document, ColorScaleModel* colorScale, ArrayDocument::Releaser releaser,
                     ArrayDocument::Scheduler scheduler, QWidget* parent)
    : QWidget(parent), document_(document), colorScale_(colorScale), releaser_(std::move(releaser)),
      scheduler_(std::move(scheduler)), worker_(new PlaneSamplingWorker(scheduler_, this)),
      refineTimer_(new QTimer(this))
{
    setObjectName("imageView");
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(64, 64);
    setAttribute(Qt::WA_OpaquePaintEvent);
    refineTimer_->setSingleShot(true);
    refineTimer_->setInterval(60); // after a burst of wheel steps or drag moves, not at each
    connect(refineTimer_, &QTimer::timeout, this, &ImageView::requestRegion);
    connect(worker_, &PlaneSamplingWorker::sampled, this, &ImageView::onSampled);
    connect(worker_, &PlaneSamplingWorker::failed, this, &ImageView::onFailed);
    connect(colorScale_, &ColorScaleModel::changed, this, [this] {
        recolour();
        update();
    });
    connect(document_, &ArrayDocument::viewChanged, this, &ImageView::restart);
    connect(document_, &ArrayDocument::selectionChanged, this, qOverload<>(&QWidget::update));
    connect(document_, &ArrayDocument::cellsChanged, this, [this] {
        // A lazy source says so when its blocks arrive (the grid's reads), not
        // when values change: only memory read in place is read again.
        if (!document_->data()->isLazy() && sampler_ && isVisible())
            QTimer::singleShot(150, this, [this] {
                requestWhole();
                region_ = {};
                scheduleRefine();
            });
    });
    restart();
}

ImageView::~ImageView()
{
    delete worker_; // waits for its thread before the sampler goes
    worker_ = nullptr;
    dropSampler();
}

void ImageView::dropSampler()
{
    // The sampler holds the array: its last reference goes where the
    // document's go (the Python worker), never dropped on the GUI thread.
    if (sampler_ && releaser_)
        releaser_(std::shared_ptr<const void>(std::move(sampler_)));
    sampler_.reset();
}

bool ImageView::isBusy() const
{
    return worker_->isBusy() || refineTimer_->isActive();
}

void ImageView::setProvidesVisibleRange(bool provides)
{
    providesVisibleRange_ = provides;
    provideRange();
}

void ImageView::showEvent(QShowEvent*)
{
    if (pending_)
        restart();
}

void ImageView::restart()
{
    // A hidden view reads nothing (the grid alone is shown): it catches up when shown.
    pending_ = !isVisible();
    if (pending_) {
        worker_->cancelAll();
        return;
    }
    // viewChanged also says the display options changed: the same plane is not read again.
    const QString key = QString::fromStdString(document_->slice().toString()) +
                        (document_->isTransposed() ? " T " : " ") + QString::fromStdString(document_->field());
    if (key == planeKey_ && (sampler_ || !problem_.isEmpty()))
        return;
    planeKey_ = key;
    worker_->cancelAll();
    dropSampler();
    whole_ = {};
    region_ = {};
    problem_.clear();
    readout_.clear();
    const std::shared_ptr<ArrayData>& data = document_->data();
    const StridedView& view = document_->view();
    // A picture when the plane is its rows and columns as they are (the
    // tab shows a picture's first channel, ":,:,0", in the grid).
    colorImage_ = unitChannels_ && PlaneSampler::colorChannels(*data) && view.rowAxis() == 0 &&
                  view.colAxis() == 1 && !document_->isTransposed() && document_->field().empty();
    try {
        sampler_ = colorImage_ ? std::make_shared<const PlaneSampler>(PlaneSampler::forColorImage(data))
                               : std::make_shared<const PlaneSampler>(data, document_->slice(),
                                                                      document_->isTransposed(), document_->field());
    } catch (const std::exception& error) {
        problem_ = QString::fromStdString(error.what());
        update();
        Q_EMIT pictureChanged();
        return;
    }
    if (!colorImage_)
        colorScale_->clearRange(); // a new plane: its own range
    if (fitted_)
        fitToWindow();
    requestWhole();
    update();
}

void ImageView::requestWhole()
{
    if (!sampler_)
        return;
    const CellRange whole{0, sampler_->rows(), 0, sampler_->columns()};
    PlaneSamplingWorker::Request request;
    request.id = wholeId_ = nextId_++;
    request.sampler = sampler_;
    request.region = whole;
    request.steps = sampler_->stepsWithin(whole, kFirstSide, kFirstPageBudget);
    request.slot = PlaneSamplingWorker::Whole;
    request.lazy = document_->data()->isLazy();
    worker_->request(std::move(request));
}

void ImageView::scheduleRefine()
{
    refineTimer_->start();
}

void ImageView::requestRegion()
{
    if (!sampler_ || !whole_.samples || width() <= 0 || height() <= 0)
        return;
    const CellRange region = visibleCells();
    if (region.rowCount <= 0 || region.columnCount <= 0)
        return;
    const double ratio = devicePixelRatioF();
    const auto maxSide = static_cast<std::int64_t>(std::ceil(std::max(width(), height()) * ratio));
    const PlaneSampler::Steps steps = sampler_->stepsWithin(region, maxSide, kRegionPageBudget);
    // Nothing finer to see than what is drawn already?
    const PlaneSamples& whole = *whole_.samples;
    if (steps.rows >= whole.rowStep && steps.columns >= whole.columnStep)
        return;
    if (region_.samples && region_.samples->region == region && region_.samples->rowStep == steps.rows &&
        region_.samples->columnStep == steps.columns)
        return;
    PlaneSamplingWorker::Request request;
    request.id = regionId_ = nextId_++;
    request.sampler = sampler_;
    request.region = region;
    request.steps = steps;
    request.slot = PlaneSamplingWorker::Region;
    request.lazy = document_->data()->isLazy();
    worker_->request(std::move(request));
}

void ImageView::onSampled(std::uint64_t id, int slot, std::shared_ptr<const PlaneSamples> samples)
{
    if (slot == PlaneSamplingWorker::Whole && id == wholeId_) {
        if (colorImage_ && samples->hasFiniteRange() && (samples->minimum < 0.0 || samples->maximum > 1.0)) {
            // Floats outside 0..1 are values, not a picture: drawn as the plane the grid shows.
            unitChannels_ = false;
            planeKey_.clear();
            restart();
            return;
        }
        whole_.samples = std::move(samples);
        provideRange();
        paintLayer(whole_);
        scheduleRefine();
    } else if (slot == PlaneSamplingWorker::Region && id == regionId_) {
        region_.samples = std::move(samples);
        provideRange();
        paintLayer(region_);
    } else {
        return; // superseded
    }
    updateReadout(lastMouse_);
    update();
    Q_EMIT pictureChanged();
}

void ImageView::onFailed(std::uint64_t id, int slot, const QString& message)
{
    if ((slot == PlaneSamplingWorker::Whole && id == wholeId_) || !whole_.samples) {
        problem_ = message;
        update();
        Q_EMIT pictureChanged();
    }
}

void ImageView::provideRange()
{
    if (colorImage_ || colorScale_->rangeMode() == ColorScaleModel::RangeMode::Manual)
        return;
    const PlaneSamples* samples = nullptr;
    if (colorScale_->rangeMode() == ColorScaleModel::RangeMode::VisibleWindow && providesVisibleRange_)
        samples = region_.samples ? region_.samples.get() : whole_.samples.get();
    else if (!colorScale_->hasRange())
        samples = whole_.samples.get();
    if (samples && samples->hasFiniteRange())
        colorScale_->setRange(samples->minimum, samples->maximum);
}

void ImageView::paintLayer(Layer& layer) const
{
    if (!layer.samples)
        return;
    const PlaneSamples& samples = *layer.samples;
    const auto width = static_cast<int>(samples.columns);
    const auto height = static_cast<int>(samples.rows);
    if (samples.channels > 1) {
        const RgbaImage picture = PlaneSampler::toImage(samples, ColorScale());
        layer.image = QImage(reinterpret_cast<const uchar*>(picture.pixels.data()), width, height, width * 4,
                             QImage::Format_RGBA8888)
                          .copy();
        return;
    }
    layer.image = QImage(width, height, QImage::Format_RGB32);
    const double* value = samples.values.data();
    for (int y = 0; y < height; ++y) {
        auto* line = reinterpret_cast<QRgb*>(layer.image.scanLine(y));
        for (int x = 0; x < width; ++x)
            line[x] = colorScale_->rgb(*value++);
    }
}

void ImageView::recolour()
{
    if (colorImage_)
        return;
    paintLayer(whole_);
    paintLayer(region_);
}

CellRange ImageView::visibleCells() const
{
    if (!sampler_)
        return {};
    const auto clampTo = [](double v, std::int64_t limit) {
        return static_cast<std::int64_t>(std::clamp(v, 0.0, static_cast<double>(limit)));
    };
    const std::int64_t x0 = clampTo(std::floor(origin_.x()), sampler_->columns());
    const std::int64_t x1 = clampTo(std::ceil(origin_.x() + width() / zoom_), sampler_->columns());
    const std::int64_t y0 = clampTo(std::floor(origin_.y()), sampler_->rows());
    const std::int64_t y1 = clampTo(std::ceil(origin_.y() + height() / zoom_), sampler_->rows());
    return CellRange{y0, y1 - y0, x0, x1 - x0};
}

void ImageView::fitToWindow()
{
    fitted_ = true;
    if (!sampler_ || width() <= 0 || height() <= 0)
        return;
    const auto columns = static_cast<double>(sampler_->columns());
    const auto rows = static_cast<double>(sampler_->rows());
    zoom_ = std::min(kMaxZoom, std::min(width() / columns, height() / rows));
    origin_ = QPointF(columns / 2 - width() / (2 * zoom_), rows / 2 - height() / (2 * zoom_));
    update();
    scheduleRefine();
}

void ImageView::zoomBy(double factor, QPointF anchor)
{
    if (!sampler_)
        return;
    const QPointF planePoint = origin_ + anchor / zoom_;
    // Out no further than a quarter of the fitting zoom.
    const double fit = std::min(width() / static_cast<double>(sampler_->columns()),
                                height() / static_cast<double>(sampler_->rows()));
    zoom_ = std::clamp(zoom_ * factor, std::min(fit / 4, 1.0), kMaxZoom);
    origin_ = planePoint - anchor / zoom_;
    fitted_ = false;
    clampOrigin();
    updateReadout(anchor);
    update();
    scheduleRefine();
}

void ImageView::clampOrigin()
{
    if (!sampler_)
        return;
    // Keep at least a tenth of the widget on the plane.
    const double viewWidth = width() / zoom_;
    const double viewHeight = height() / zoom_;
    origin_.setX(std::clamp(origin_.x(), -viewWidth * 0.9, static_cast<double>(sampler_->columns()) - viewWidth * 0.1));
    origin_.setY(std::clamp(origin_.y(), -viewHeight * 0.9, static_cast<double>(sampler_->rows()) - viewHeight * 0.1));
}

std::optional<std::pair<std::int64_t, std::int64_t>> ImageView::cellAt(QPointF at) const
{
    if (!sampler_)
        return std::nullopt;
    const double column = std::floor(origin_.x() + at.x() / zoom_);
    const double row = std::floor(origin_.y() + at.y() / zoom_);
    if (column < 0 || row < 0 || column >= static_cast<double>(sampler_->columns()) ||
        row >= static_cast<double>(sampler_->rows()))
        return std::nullopt;
    return std::pair{static_cast<std::int64_t>(row), static_cast<std::int64_t>(column)};
}

QPointF ImageView::centreOf(std::int64_t row, std::int64_t column) const
{
    return (QPointF(static_cast<double>(column) + 0.5, static_cast<double>(row) + 0.5) - origin_) * zoom_;
}

void ImageView::updateReadout(QPointF at)
{
    lastMouse_ = at;
    QString text;
    const auto cell = cellAt(at);
    if (cell) {
        const auto [row, column] = *cell;
        const auto covers = [&](const Layer& layer) {
            if (!layer.samples)
                return false;
            const CellRange& r = layer.samples->region;
            return row >= r.firstRow && row < r.firstRow + r.rowCount && column >= r.firstColumn &&
                   column < r.firstColumn + r.columnCount;
        };
        const Layer* layer = covers(region_) ? &region_ : covers(whole_) ? &whole_ : nullptr;
        if (layer) {
            const PlaneSamples& s = *layer->samples;
            const std::int64_t i = std::min(s.rows - 1, (row - s.region.firstRow) / s.rowStep);
            const std::int64_t j = std::min(s.columns - 1, (column - s.region.firstColumn) / s.columnStep);
            const std::int64_t sampledRow = s.planeRow(i);
            const std::int64_t sampledColumn = s.planeColumn(j);
            // The cell's true indices: along the array's axes, as the grid's headers say.
            const StridedView& view = document_->view();
            const QString rowLabel = QString::number(colorImage_ ? sampler_->rowLabel(sampledRow) : view.rowLabel(sampledRow));
            const QString columnLabel = colorImage_ ? QString::number(sampler_->columnLabel(sampledColumn))
                                                    : QString::fromStdString(view.columnHeader(sampledColumn));
            text = view.keptDimensions() == 1 && !colorImage_ ? QString("[%1]").arg(rowLabel)
                                                               : QString("[%1, %2]").arg(rowLabel, columnLabel);
            if (s.channels > 1) {
                const bool bytes = document_->data()->elementType().itemSize == 1;
                static const char* const names[] = {"R", "G", "B", "A"};
                for (int k = 0; k < s.channels; ++k) {
                    const double v = s.value(i, j, k);
                    text += QString(" %1 %2").arg(names[k], bytes ? QString::number(std::lround(v * 255))
                                                                  : numberText(v));
                }
            } else {
                const double v = s.value(i, j);
                const ElementType& type = view.columnType(sampledColumn);
                const bool integer = type.kind == ElementKind::SignedInteger || type.kind == ElementKind::UnsignedInteger;
                // Integers past 2^53 are drawn from their nearest double: say so.
                const QString approximate = integer && std::fabs(v) >= 9007199254740992.0 ? "≈ " : "";
                text += "  " + (type.kind == ElementKind::Complex ? QString("|z| = ") : QString()) + approximate +
                        (std::isnan(v) && document_->hasMask() ? QString("masked or nan") : numberText(v));
            }
            if (s.rowStep > 1 || s.columnStep > 1)
                text += QString("  (sampled: every %1 rows, %2 columns)").arg(s.rowStep).arg(s.columnStep);
        }
    }
    if (text != readout_) {
        readout_ = text;
        Q_EMIT readoutChanged(readout_);
    }
}

void ImageView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(64, 64, 64));
    if (!problem_.isEmpty() || !sampler_) {
        painter.setPen(Qt::white);
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                         "No picture: " + problem_);
        return;
    }
    const QRectF plane(0, 0, static_cast<double>(sampler_->columns()), static_cast<double>(sampler_->rows()));
    const auto toWidget = [this](const QRectF& cells) {
        return QRectF((cells.topLeft() - origin_) * zoom_, cells.size() * zoom_);
    };
    const QRectF planeOnScreen = toWidget(plane);
    if (!whole_.samples) {
        painter.setPen(Qt::white);
        painter.drawText(rect(), Qt::AlignCenter, "Reading…");
        return;
    }
    if (colorImage_) {
        // A picture with alpha shows over a checkerboard, as image viewers do.
        painter.save();
        painter.setClipRect(planeOnScreen);
        const int square = 8;
        for (int y = 0; y < height(); y += square)
            for (int x = 0; x < width(); x += square)
                painter.fillRect(x, y, square, square, ((x + y) / square) % 2 ? QColor(204, 204, 204) : Qt::white);
        painter.restore();
    }
    painter.setClipRect(planeOnScreen.intersected(QRectF(rect())));
    painter.setRenderHint(QPainter::SmoothPixmapTransform, false);
    for (const Layer* layer : {&whole_, &region_}) {
        if (!layer->samples || layer->image.isNull())
            continue;
        const PlaneSamples& s = *layer->samples;
        const QRectF cells(static_cast<double>(s.region.firstColumn), static_cast<double>(s.region.firstRow),
                           static_cast<double>(s.columns * s.columnStep), static_cast<double>(s.rows * s.rowStep));
        painter.drawImage(toWidget(cells), layer->image);
    }
    painter.setClipping(false);

    // The selection and the cursor, at least a few pixels big when zoomed out.
    const CellSelection& selection = document_->selection();
    if (selection.hasCursor()) {
        const CellRange& range = selection.range();
        if (range.rowCount > 1 || range.columnCount > 1) {
            const QRectF selected = toWidget(QRectF(static_cast<double>(range.firstColumn),
                                                    static_cast<double>(range.firstRow),
                                                    static_cast<double>(range.columnCount),
                                                    static_cast<double>(range.rowCount)));
            painter.setPen(QPen(QColor(0, 170, 255), 1, Qt::DashLine));
            painter.setBrush(Qt::NoBrush);
            painter.drawRect(selected);
        }
        QRectF cursor = toWidget(QRectF(static_cast<double>(selection.cursorColumn()),
                                        static_cast<double>(selection.cursorRow()), 1, 1));
        if (cursor.width() < 7)
            cursor = QRectF(cursor.center() - QPointF(3.5, 3.5), QSizeF(7, 7));
        painter.setBrush(Qt::NoBrush);
        painter.setPen(QPen(Qt::black, 3));
        painter.drawRect(cursor);
        painter.setPen(QPen(QColor(255, 200, 0), 1.5));
        painter.drawRect(cursor);
    }
}

void ImageView::resizeEvent(QResizeEvent*)
{
    if (fitted_)
        fitToWindow();
    else
        scheduleRefine();
}

void ImageView::wheelEvent(QWheelEvent* event)
{
    const double steps = event->angleDelta().y() / 120.0;
    if (steps != 0)
        zoomBy(std::pow(1.25, steps), event->position());
    event->accept();
}

void ImageView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return;
    pressed_ = true;
    dragged_ = false;
    pressAt_ = event->position();
    pressOrigin_ = origin_;
}

void ImageView::mouseMoveEvent(QMouseEvent* event)
{
    if (pressed_) {
        const QPointF moved = event->position() - pressAt_;
        if (dragged_ || moved.manhattanLength() > 3) {
            dragged_ = true;
            fitted_ = false;
            origin_ = pressOrigin_ - moved / zoom_;
            clampOrigin();
            setCursor(Qt::ClosedHandCursor);
            update();
            scheduleRefine();
        }
    }
    updateReadout(event->position());
}

void ImageView::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton || !pressed_)
        return;
    pressed_ = false;
    unsetCursor();
    if (dragged_)
        return;
    const auto cell = cellAt(event->position());
    if (!cell)
        return;
    CellSelection selection = document_->selection();
    const StridedView& view = document_->view();
    const bool extend = event->modifiers() & Qt::ShiftModifier;
    selection.moveCursor(cell->first, cell->second, extend, view.rows(), view.cols());
    document_->setSelection(selection);
    Q_EMIT cellClicked(cell->first, cell->second, extend);
}

void ImageView::mouseDoubleClickEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton)
        fitToWindow();
}

void ImageView::leaveEvent(QEvent*)
{
    updateReadout(QPointF(-1e9, -1e9));
}

void ImageView::keyPressEvent(QKeyEvent* event)
{
    const QPointF centre(width() / 2.0, height() / 2.0);
    switch (event->key()) { // keys, not element types
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomBy(1.25, centre); break;
    case Qt::Key_Minus: zoomBy(0.8, centre); break;
    case Qt::Key_0:
    case Qt::Key_F: fitToWindow(); break;
    default: QWidget::keyPressEvent(event); return;
    }
    event->accept();
}
