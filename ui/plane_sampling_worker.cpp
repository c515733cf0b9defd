// SPDX-License-Identifier: MIT
#include "ui/plane_sampling_worker.h"

#include "core/python_error.h"
#include "ui/thread_handoff.h"

using namespace arraylens;

PlaneSamplingWorker::PlaneSamplingWorker(ArrayDocument::Scheduler scheduler, QObject* parent)
    : QObject(parent), scheduler_(std::move(scheduler)), mailbox_(std::make_shared<Mailbox>())
{
    mailbox_->worker = this;
    for (auto& flag : cancel_)
        flag = std::make_shared<std::atomic<bool>>(false);
    thread_ = std::thread([this] { run(); });
}

PlaneSamplingWorker::~PlaneSamplingWorker()
{
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        for (auto& waiting : waiting_)
            waiting.reset();
        for (auto& flag : cancel_)
            flag->store(true);
    }
    wake_.notify_all();
    thread_.join();
    const std::lock_guard lock(mailbox_->mutex);
    mailbox_->worker = nullptr;
}

void PlaneSamplingWorker::request(Request request)
{
    {
        const std::lock_guard lock(mutex_);
        const int slot = request.slot;
        cancel_[slot]->store(true); // the one running (or on the Python worker) is superseded
        cancel_[slot] = std::make_shared<std::atomic<bool>>(false);
        waiting_[slot] = std::move(request);
    }
    wake_.notify_all();
}

void PlaneSamplingWorker::cancelAll()
{
    const std::lock_guard lock(mutex_);
    for (int slot = 0; slot < kSlotCount; ++slot) {
        waiting_[slot].reset();
        cancel_[slot]->store(true);
        cancel_[slot] = std::make_shared<std::atomic<bool>>(false);
    }
}

bool PlaneSamplingWorker::isBusy() const
{
    const std::lock_guard lock(mutex_);
    return reading_ || waiting_[Whole] || waiting_[Region] || mailbox_->running.load() > 0;
}

void PlaneSamplingWorker::run()
{
    std::unique_lock lock(mutex_);
    for (;;) {
        wake_.wait(lock, [this] { return stopping_ || waiting_[Whole] || waiting_[Region]; });
        if (stopping_)
            return;
        // The whole plane first: it is what shows anything at all.
        const int slot = waiting_[Whole] ? Whole : Region;
        Request request = std::move(*waiting_[slot]);
        waiting_[slot].reset();
        const std::shared_ptr<std::atomic<bool>> cancelled = cancel_[slot];
        if (request.lazy && scheduler_) {
            // Python's objects are read on Python's thread; this one moves on.
            ++mailbox_->running;
            scheduler_([mailbox = mailbox_, request = std::move(request), cancelled] {
                read(mailbox, request, cancelled);
                --mailbox->running;
            });
            continue;
        }
        reading_ = true;
        lock.unlock();
        read(mailbox_, request, cancelled);
        request.sampler.reset(); // its last reference (a buffer's release takes the GIL) goes here, not on the GUI thread
        lock.lock();
        reading_ = false;
    }
}

void PlaneSamplingWorker::read(const std::shared_ptr<Mailbox>& mailbox, const Request& request,
                               const std::shared_ptr<std::atomic<bool>>& cancelled)
{
    std::shared_ptr<const PlaneSamples> samples;
    QString error;
    try {
        if (!cancelled->load())
            samples = std::make_shared<const PlaneSamples>(
                request.sampler->read(request.region, request.steps, cancelled.get()));
    } catch (const PythonError& e) {
        error = QString::fromStdString(e.what());
    } catch (const std::exception& e) {
        error = QString::fromStdString(e.what());
    }
    if (cancelled->load() || (samples && samples->rows == 0 && error.isEmpty()))
        return; // superseded: no one waits for it
    const std::lock_guard lock(mailbox->mutex);
    if (PlaneSamplingWorker* worker = mailbox->worker)
        postTo(worker, [worker, id = request.id, slot = int(request.slot), samples, error] {
            if (error.isEmpty())
                Q_EMIT worker->sampled(id, slot, samples);
            else
                Q_EMIT worker->failed(id, slot, error);
        });
}
