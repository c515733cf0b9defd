// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace arraylens {

/// One thread that takes page faults so that the GUI thread does not
/// (DESIGN.md decision 13): jobs touch memmap pages (PageSet::touch) and
/// report that the cells they hold can be read. It needs no GIL, and never
/// runs Python; jobs run in order. Started on first use, joined at exit.
class PageFaultWorker {
public:
    static PageFaultWorker& instance();

    void post(std::function<void()> job);

    ~PageFaultWorker();
    PageFaultWorker(const PageFaultWorker&) = delete;
    PageFaultWorker& operator=(const PageFaultWorker&) = delete;

private:
    PageFaultWorker();
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace arraylens
