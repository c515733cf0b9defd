// SPDX-License-Identifier: MIT
#include "core/page_fault_worker.h"

namespace arraylens {

PageFaultWorker& PageFaultWorker::instance()
{
    static PageFaultWorker worker;
    return worker;
}

PageFaultWorker::PageFaultWorker() : thread_([this] { run(); }) {}

PageFaultWorker::~PageFaultWorker()
{
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
        jobs_.clear(); // what is left reports to no one at exit
    }
    wake_.notify_one();
    thread_.join();
}

void PageFaultWorker::post(std::function<void()> job)
{
    {
        const std::lock_guard lock(mutex_);
        jobs_.push_back(std::move(job));
    }
    wake_.notify_one();
}

void PageFaultWorker::run()
{
    for (;;) {
        std::function<void()> job;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
            if (stopping_)
                return;
            job = std::move(jobs_.front());
            jobs_.pop_front();
        }
        job();
    }
}

} // namespace arraylens
