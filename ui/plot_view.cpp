// SPDX-License-Identifier: MIT
#include "ui/plot_view.h"

#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>

using namespace arraylens;

namespace {

constexpr int kLeftMargin = 64;
constexpr int kRightMargin = 14;
constexpr int kTopMargin = 22; // the hover readout
constexpr int kBottomMargin = 38;
/// Pixels between ticks, roughly.
constexpr double kTickSpacing = 90;

const QColor kLineColour(31, 119, 180);
const QColor kInfColour(214, 39, 40);

/// 1, 2 or 5 times a power of ten, at least `raw`.
double niceStep(double raw)
{
    if (!(raw > 0) || !std::isfinite(raw))
        return 1;
    const double power = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double factor : {1.0, 2.0, 5.0, 10.0})
        if (factor * power >= raw * (1 - 1e-9))
            return factor * power;
    return 10 * power;
}

/// Tick text with as many decimals as the step needs, and no more.
QString tickText(double value, double step)
{
    if (std::abs(value) < step * 1e-9)
        value = 0; // -0 and rounding dust
    const double magnitude = std::max(std::abs(value), step);
    if (magnitude >= 1e7 || step < 1e-5)
        return QString::number(value, 'g', std::clamp(static_cast<int>(std::ceil(std::log10(magnitude / step))) + 1, 1, 17));
    const int decimals = std::max(0, static_cast<int>(-std::floor(std::log10(step) + 1e-9)));
    return QString::number(value, 'f', decimals);
}

QString valueText(double v)
{
    return QString::number(v, 'g', QLocale::FloatingPointShortest);
}

} // namespace

PlotView::PlotView(QWidget* parent) : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(240, 140);
    setAutoFillBackground(true);
    QPalette palette = this->palette();
    palette.setColor(QPalette::Window, Qt::white);
    setPalette(palette);
}

void PlotView::clear()
{
    envelope_.reset();
    histogram_.reset();
    message_.clear();
    readout_.clear();
}

void PlotView::showLine(LineEnvelope envelope, PlotIndexAxis axis, QString valueTitle)
{
    clear();
    envelope_ = std::move(envelope);
    axis_ = std::move(axis);
    valueTitle_ = std::move(valueTitle);
    update();
}

void PlotView::showHistogram(ValueHistogram histogram, QString valueTitle)
{
    clear();
    histogram_ = std::move(histogram);
    valueTitle_ = std::move(valueTitle);
    update();
}

void PlotView::showMessage(const QString& text)
{
    clear();
    message_ = text;
    update();
}

QRect PlotView::plotArea() const
{
    return rect().adjusted(kLeftMargin, kTopMargin, -kRightMargin, -kBottomMargin);
}

std::int64_t PlotView::bucketsWanted() const
{
    return std::max(1, plotArea().width());
}

std::pair<double, double> PlotView::valueRange() const
{
    double low = 0;
    double high = 1;
    if (envelope_ && std::isfinite(envelope_->finiteMin())) {
        low = envelope_->finiteMin();
        high = envelope_->finiteMax();
    } else if (histogram_) {
        return {0, static_cast<double>(std::max<std::int64_t>(1, histogram_->largestCount())) * 1.05};
    }
    if (low == high) {
        const double pad = low == 0 ? 1 : std::abs(low) * 0.1;
        return {low - pad, high + pad};
    }
    const double pad = (high / 2 - low / 2) * 0.08; // halves: high - low may overflow
    return {low - pad, high + pad};
}

double PlotView::xOfIndex(std::int64_t i) const
{
    const QRect area = plotArea();
    const std::int64_t n = envelope_ ? envelope_->length() : 1;
    if (n <= 1)
        return area.left() + area.width() / 2.0;
    return area.left() + static_cast<double>(i) * (area.width() - 1) / static_cast<double>(n - 1);
}

double PlotView::yOfValue(double v) const
{
    const QRect area = plotArea();
    const auto [low, high] = valueRange();
    const double t = (v / 2 - low / 2) / (high / 2 - low / 2);
    return area.bottom() - t * (area.height() - 1);
}

std::int64_t PlotView::indexAt(double x) const
{
    const QRect area = plotArea();
    const std::int64_t n = envelope_ ? envelope_->length() : 1;
    if (n <= 1)
        return 0;
    const double t = (x - area.left()) / std::max(1, area.width() - 1);
    return std::clamp<std::int64_t>(std::llround(t * static_cast<double>(n - 1)), 0, n - 1);
}

std::vector<PlotView::Tick> PlotView::indexTicks() const
{
    std::vector<Tick> ticks;
    if (!envelope_ || envelope_->length() == 0 || !axis_.label)
        return ticks;
    const std::int64_t n = envelope_->length();
    const double target = std::max(2.0, plotArea().width() / kTickSpacing);
    // A nice step in index units; where labels are first + step * i with
    // first a multiple of step, ticks go where the labels are round numbers.
    const auto k = std::max<std::int64_t>(1, static_cast<std::int64_t>(niceStep(static_cast<double>(n - 1) / target)));
    std::int64_t offset = 0;
    if (axis_.affine && axis_.step != 0 && axis_.first % axis_.step == 0) {
        // label(i) = (first/step + i) * step: round when first/step + i is a multiple of k.
        const std::int64_t q = axis_.first / axis_.step;
        offset = ((-q) % k + k) % k;
    }
    for (std::int64_t i = offset; i < n; i += k)
        ticks.push_back({xOfIndex(i), axis_.label(i)});
    return ticks;
}

QStringList PlotView::indexTickLabels() const
{
    QStringList labels;
    for (const Tick& tick : indexTicks())
        labels << tick.text;
    return labels;
}

std::vector<PlotView::Tick> PlotView::valueTicks(double low, double high, bool vertical) const
{
    std::vector<Tick> ticks;
    const QRect area = plotArea();
    const double extent = vertical ? area.height() : area.width();
    const double step = niceStep((high / 2 - low / 2) * 2 / std::max(3.0, extent / (vertical ? 50.0 : kTickSpacing)));
    if (!std::isfinite(step) || step <= 0)
        return ticks;
    const double first = std::ceil(low / step);
    for (double m = first; m * step <= high && ticks.size() < 64; m += 1) {
        const double v = m * step;
        const double t = (v / 2 - low / 2) / (high / 2 - low / 2);
        const double position = vertical ? area.bottom() - t * (area.height() - 1) : area.left() + t * (area.width() - 1);
        ticks.push_back({position, tickText(v, step)});
    }
    return ticks;
}

void PlotView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    if (!message_.isEmpty() || (!envelope_ && !histogram_)) {
        painter.setPen(palette().color(QPalette::PlaceholderText));
        painter.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap, message_);
        return;
    }
    if (envelope_)
        paintLine(painter);
    else
        paintHistogram(painter);
    paintAxes(painter);
    if (!readout_.isEmpty()) {
        painter.setPen(Qt::black);
        painter.drawText(QRect(kLeftMargin, 2, width() - kLeftMargin - kRightMargin, kTopMargin - 4),
                         Qt::AlignLeft | Qt::AlignVCenter, readout_);
    }
}

void PlotView::paintLine(QPainter& painter) const
{
    const LineEnvelope& envelope = *envelope_;
    const QRect area = plotArea();
    painter.save();
    painter.setClipRect(area.adjusted(-4, -4, 4, 4));
    // One path: each bucket joined from its neighbour's last value to its
    // first, then its min…max span, ending on its last value. Non-finite
    // ends break the path (a gap).
    QPainterPath path;
    // A segment of one flat bucket (a value between two gaps) draws as a dot.
    std::vector<QPointF> lonePoints;
    std::optional<QPointF> segmentStart; // the current segment's first point while it has no other
    std::vector<std::pair<double, bool>> infMarks; // x, at the top
    bool open = false;
    for (std::int64_t b = 0; b < envelope.bucketCount(); ++b) {
        const EnvelopeBucket& bucket = envelope.bucket(b);
        const std::int64_t begin = envelope.bucketBegin(b);
        const std::int64_t end = envelope.bucketBegin(b + 1);
        const double x = xOfIndex((begin + end - 1) / 2);
        if (bucket.hasPosInf)
            infMarks.emplace_back(x, true);
        if (bucket.hasNegInf)
            infMarks.emplace_back(x, false);
        const bool joined = open && std::isfinite(bucket.min) && std::isfinite(bucket.first);
        if (!joined && segmentStart)
            lonePoints.push_back(*segmentStart);
        segmentStart.reset();
        if (!std::isfinite(bucket.min)) {
            open = false;
            continue;
        }
        const QPointF start(x, yOfValue(std::isfinite(bucket.first) ? bucket.first : bucket.min));
        if (joined)
            path.lineTo(start);
        else
            path.moveTo(start);
        path.lineTo(x, yOfValue(bucket.min));
        path.lineTo(x, yOfValue(bucket.max));
        if (std::isfinite(bucket.last))
            path.lineTo(x, yOfValue(bucket.last));
        if (!joined && bucket.min == bucket.max)
            segmentStart = start;
        open = std::isfinite(bucket.last);
    }
    if (segmentStart)
        lonePoints.push_back(*segmentStart);
    // Exact plots are smooth; decimated ones are vertical spans, crisper without antialiasing.
    painter.setRenderHint(QPainter::Antialiasing, envelope.isExact());
    painter.setPen(QPen(kLineColour, 1.5));
    painter.drawPath(path);
    const bool markers = envelope.isExact() && envelope.length() * 6 <= area.width();
    painter.setBrush(kLineColour);
    painter.setPen(Qt::NoPen);
    if (markers) {
        for (std::int64_t i = 0; i < envelope.length(); ++i)
            if (std::isfinite(envelope.bucket(i).min))
                painter.drawEllipse(QPointF(xOfIndex(i), yOfValue(envelope.bucket(i).min)), 2.5, 2.5);
    } else {
        for (const QPointF& point : lonePoints)
            painter.drawEllipse(point, 1.5, 1.5);
    }
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setBrush(kInfColour);
    for (const auto& [x, top] : infMarks) {
        const double y = top ? area.top() : area.bottom();
        const double d = top ? 6 : -6; // the triangle points out of the plot
        const QPointF triangle[3] = {{x, y - d * 0.2}, {x - 4, y + d}, {x + 4, y + d}};
        painter.drawPolygon(triangle, 3);
    }
    painter.restore();
}

void PlotView::paintHistogram(QPainter& painter) const
{
    const ValueHistogram& histogram = *histogram_;
    const QRect area = plotArea();
    if (histogram.binCount() == 0)
        return;
    const double low = histogram.edge(0);
    const double high = histogram.edge(histogram.binCount());
    const auto xOf = [&](double v) { return area.left() + (v / 2 - low / 2) / (high / 2 - low / 2) * (area.width() - 1); };
    painter.save();
    painter.setPen(QPen(kLineColour.darker(130), 1));
    painter.setBrush(kLineColour.lighter(130));
    for (int b = 0; b < histogram.binCount(); ++b) {
        if (histogram.count(b) == 0)
            continue;
        const double x0 = xOf(histogram.edge(b));
        const double x1 = xOf(histogram.edge(b + 1));
        const double top = yOfValue(static_cast<double>(histogram.count(b)));
        painter.drawRect(QRectF(QPointF(x0, top), QPointF(x1, area.bottom() + 1)));
    }
    painter.restore();
}

void PlotView::paintAxes(QPainter& painter) const
{
    const QRect area = plotArea();
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, false);
    const QColor grid(0, 0, 0, 28);
    const QFontMetrics metrics(font());
    // Value axis (vertical): the line's values, the histogram's counts.
    const auto [low, high] = valueRange();
    for (const Tick& tick : valueTicks(low, high, true)) {
        painter.setPen(grid);
        painter.drawLine(QPointF(area.left(), tick.position), QPointF(area.right(), tick.position));
        painter.setPen(Qt::black);
        painter.drawLine(QPointF(area.left() - 4, tick.position), QPointF(area.left(), tick.position));
        painter.drawText(QRectF(0, tick.position - 8, kLeftMargin - 7, 16), Qt::AlignRight | Qt::AlignVCenter,
                         tick.text);
    }
    // Horizontal axis: true indices for a line, values for a histogram.
    std::vector<Tick> ticks;
    if (envelope_)
        ticks = indexTicks();
    else if (histogram_ && histogram_->binCount() > 0)
        ticks = valueTicks(histogram_->edge(0), histogram_->edge(histogram_->binCount()), false);
    double lastRight = -1e9;
    for (const Tick& tick : ticks) {
        painter.setPen(Qt::black);
        painter.drawLine(QPointF(tick.position, area.bottom()), QPointF(tick.position, area.bottom() + 4));
        const double textWidth = metrics.horizontalAdvance(tick.text);
        const double left = tick.position - textWidth / 2;
        if (left < lastRight + 6)
            continue; // labels never overlap
        painter.drawText(QRectF(left, area.bottom() + 5, textWidth + 1, metrics.height()), Qt::AlignCenter, tick.text);
        lastRight = left + textWidth;
    }
    painter.setPen(Qt::black);
    painter.drawRect(area.adjusted(0, 0, -1, -1));
    const QString title = envelope_ ? axis_.title : valueTitle_;
    painter.setPen(palette().color(QPalette::Dark));
    painter.drawText(QRect(area.left(), height() - metrics.height() - 2, area.width(), metrics.height()),
                     Qt::AlignCenter, title);
    if (hoverX_ && envelope_) {
        painter.setPen(QPen(QColor(0, 0, 0, 90), 1, Qt::DashLine));
        const double x = xOfIndex(indexAt(*hoverX_));
        painter.drawLine(QPointF(x, area.top()), QPointF(x, area.bottom()));
    }
    painter.restore();
}

void PlotView::mouseMoveEvent(QMouseEvent* event)
{
    const QPointF at = event->position();
    const QRect area = plotArea();
    readout_.clear();
    hoverX_.reset();
    if (area.contains(at.toPoint())) {
        if (envelope_ && envelope_->length() > 0) {
            hoverX_ = at.x();
            const std::int64_t i = indexAt(at.x());
            const std::int64_t b = envelope_->bucketOf(i);
            const EnvelopeBucket& bucket = envelope_->bucket(b);
            const std::int64_t begin = envelope_->bucketBegin(b);
            const std::int64_t end = envelope_->bucketBegin(b + 1);
            QString where = axis_.title + " " + axis_.label(begin);
            if (end - begin > 1)
                where += " … " + axis_.label(end - 1);
            QString what;
            if (end - begin == 1)
                what = valueText(bucket.first);
            else if (std::isfinite(bucket.min))
                what = "min " + valueText(bucket.min) + ", max " + valueText(bucket.max);
            else
                what = "no finite value";
            if (end - begin > 1 && (bucket.hasNaN || bucket.hasPosInf || bucket.hasNegInf))
                what += QString(" (also%1%2%3)")
                            .arg(bucket.hasNaN ? " NaN" : "", bucket.hasPosInf ? " +inf" : "",
                                 bucket.hasNegInf ? " -inf" : "");
            readout_ = where + ": " + what;
        } else if (histogram_ && histogram_->binCount() > 0) {
            const double t = (at.x() - area.left()) / std::max(1, area.width() - 1);
            const int b = std::clamp(static_cast<int>(t * histogram_->binCount()), 0, histogram_->binCount() - 1);
            readout_ = QString("[%1, %2%3: %4 values")
                           .arg(valueText(histogram_->edge(b)), valueText(histogram_->edge(b + 1)),
                                b + 1 == histogram_->binCount() ? "]" : ")")
                           .arg(histogram_->count(b));
        }
    }
    update();
}

void PlotView::leaveEvent(QEvent*)
{
    readout_.clear();
    hoverX_.reset();
    update();
}

void PlotView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && envelope_ && envelope_->length() > 0 &&
        plotArea().contains(event->position().toPoint()))
        Q_EMIT indexClicked(indexAt(event->position().x()));
}
