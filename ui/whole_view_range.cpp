// SPDX-License-Identifier: MIT
#include "ui/whole_view_range.h"

#include "core/array_statistics.h"
#include "core/finite_range.h"
#include "core/value_scanner.h"
#include "ui/color_scale_model.h"
#include "ui/thread_handoff.h"

#include <QUndoStack>

#include <span>
#include <cmath>
#include <optional>
#include <tuple>
#include <utility>

using namespace arraylens;

namespace {

/// The least and greatest finite value of `range` (ValueScanner: masked
/// cells read as NaN): for a view holding ±inf, whose statistics' extremes
/// are infinite. Nothing when cancelled or none is finite.
std::optional<std::pair<double, double>> finiteExtremes(ArraySource& source, const CellRange& range,
                                                        const std::atomic<bool>& cancelled)
{
    FiniteRange found;
    const bool done = ValueScanner::scan(
        source, range,
        [&found](std::int64_t, std::span<const double> values, std::span<const std::uint8_t>) {
            for (const double value : values)
                found.add(value);
        },
        [&cancelled](std::int64_t) { return !cancelled; });
    return done ? found.range() : std::nullopt;
}

} // namespace

struct WholeViewRange::Job {
    std::shared_ptr<ArraySource> source;
    std::atomic<bool> cancelled = false;
};

WholeViewRange::WholeViewRange(ArrayDocument* document, ColorScaleModel* scale, ArrayDocument::Releaser releaser,
                               QObject* parent)
    : QObject(parent), document_(document), scale_(scale), releaser_(std::move(releaser))
{
    connect(scale, &ColorScaleModel::changed, this, [this] {
        // A new mode or a switch clears what was found; the range this
        // object set itself changes nothing.
        if (!scale_->heatMapEnabled() || scale_->rangeMode() != ColorScaleModel::RangeMode::WholeView) {
            known_ = false;
            cancel();
        } else if (!known_ && !job_) {
            restart();
        }
    });
    const auto valuesChanged = [this] {
        known_ = false;
        restart();
    };
    connect(document, &ArrayDocument::viewChanged, this, valuesChanged);
    connect(document->undoStack(), &QUndoStack::indexChanged, this, valuesChanged);
}

WholeViewRange::~WholeViewRange()
{
    if (job_)
        job_->cancelled = true;
    stopThread();
}

void WholeViewRange::stopThread()
{
    if (thread_.joinable())
        thread_.join();
    if (threadJob_ && releaser_)
        releaser_(std::move(threadJob_->source)); // its last reference may hold the Python object
    threadJob_.reset();
}

void WholeViewRange::cancel()
{
    if (!job_)
        return;
    job_->cancelled = true;
    job_.reset();
    Q_EMIT progressChanged(-1);
}

void WholeViewRange::restart()
{
    cancel();
    note_.clear();
    if (!scale_ || !scale_->heatMapEnabled() || scale_->rangeMode() != ColorScaleModel::RangeMode::WholeView)
        return;
    const std::shared_ptr<ArraySource>& source = document_->source();
    if (source->isLazy()) {
        note_ = "The range is the cells on screen: this view's values are read from Python as they are shown.";
        return;
    }
    const CellRange whole{0, source->rows(), 0, source->cols()};
    if (whole.cellCount() == 0)
        return;
    // One thread at a time: the previous one was told to stop and stops
    // within a piece of work.
    stopThread();
    auto job = std::make_shared<Job>();
    job->source = source;
    job_ = job;
    threadJob_ = job;
    Q_EMIT progressChanged(0);
    thread_ = std::thread([this, job, whole] {
        double low = 0;
        double high = 0;
        bool found = false;
        try {
            StatisticsOptions options;
            options.cancelled = &job->cancelled;
            options.progress = [this, job](std::int64_t done, std::int64_t total) {
                const int permille = total > 0 ? static_cast<int>(done * 1000 / total) : 0;
                postTo(this, [this, job, permille] {
                    if (job == job_)
                        Q_EMIT progressChanged(permille);
                });
                return true;
            };
            if (const std::optional<Statistics> result = ArrayStatistics::compute(*job->source, whole, options);
                result && result->min && result->max) {
                low = result->min->toDouble();
                high = result->max->toDouble();
                found = std::isfinite(low) && std::isfinite(high);
                if (!found) {
                    // ±inf have colours of their own; the map spans the finite values.
                    if (const auto finite = finiteExtremes(*job->source, whole, job->cancelled)) {
                        std::tie(low, high) = *finite;
                        found = true;
                    }
                }
            }
        } catch (const std::exception&) {
            // No numbers in the view (text, dates): the screen's range stays.
        }
        postTo(this, [this, job, low, high, found] { finish(job, low, high, found); });
        handoff::release(job.get()); // what the thread did, before the join
    });
}

void WholeViewRange::finish(const std::shared_ptr<Job>& job, double low, double high, bool found)
{
    handoff::acquire(job.get());
    if (job != job_)
        return; // cancelled or superseded
    job_.reset();
    Q_EMIT progressChanged(-1);
    if (!found || !scale_)
        return;
    known_ = true;
    scale_->setRange(low, high);
}
