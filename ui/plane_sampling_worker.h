// SPDX-License-Identifier: MIT
#pragma once

#include <Python.h> // before Qt (DESIGN.md)

#include "core/plane_sampler.h"
#include "ui/array_document.h"

#include <QObject>
#include <QString>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

/// Reads PlaneSamples for the image view off the GUI thread, which never
/// waits on a page fault or on Python (DESIGN.md 13): memory is read on a
/// thread of this object's own, a lazy array on the Python worker (through
/// the document's scheduler; without one, on the own thread, taking the
/// GIL, as an export does). Requests go in slots (the whole plane, the
/// visible region): a newer request replaces a waiting one of its slot and
/// cancels a running one.
class PlaneSamplingWorker : public QObject {
    Q_OBJECT
public:
    enum Slot { Whole = 0, Region = 1, kSlotCount = 2 };
    struct Request {
        std::uint64_t id = 0;
        std::shared_ptr<const arraylens::PlaneSampler> sampler;
        arraylens::CellRange region;
        arraylens::PlaneSampler::Steps steps;
        Slot slot = Whole;
        bool lazy = false; ///< read on the Python worker when there is a scheduler
    };

    explicit PlaneSamplingWorker(ArrayDocument::Scheduler scheduler, QObject* parent = nullptr);
    /// Cancels what runs and waits for the own thread (at most one band of
    /// rows); a job on the Python worker reports to no one afterwards.
    ~PlaneSamplingWorker() override;

    void request(Request request);
    /// Cancels every request (the plane changed).
    void cancelAll();
    /// True while a request is waiting or being read.
    [[nodiscard]] bool isBusy() const;

Q_SIGNALS:
    /// On the GUI thread: the samples of request `id`.
    void sampled(std::uint64_t id, int slot, std::shared_ptr<const arraylens::PlaneSamples> samples);
    /// On the GUI thread: request `id` failed (a lazy fetch raised).
    void failed(std::uint64_t id, int slot, const QString& message);

private:
    /// Where results go: cleared by the destructor, so that a job on the
    /// Python worker finishing later posts to no one.
    struct Mailbox {
        std::mutex mutex;
        PlaneSamplingWorker* worker = nullptr;
        std::atomic<int> running{0}; ///< jobs handed to the Python worker, not finished
    };
    void run();
    /// Reads one request (on whichever thread) and posts the outcome.
    static void read(const std::shared_ptr<Mailbox>& mailbox, const Request& request,
                     const std::shared_ptr<std::atomic<bool>>& cancelled);

    ArrayDocument::Scheduler scheduler_;
    std::shared_ptr<Mailbox> mailbox_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<Request> waiting_[kSlotCount];
    std::shared_ptr<std::atomic<bool>> cancel_[kSlotCount]; ///< of the request running (or handed on) in each slot
    bool reading_ = false;
    bool stopping_ = false;
    std::thread thread_;
};
