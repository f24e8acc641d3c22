#include "net/WorkerPool.h"

#include <Poco/Thread.h>

#include <algorithm>

namespace passway::net {

WorkerPool::WorkerPool(std::string name, int threads, std::size_t queue) : capacity_(std::max<std::size_t>(1, queue)) {
    const int n = std::max(1, threads);
    threads_.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        threads_.emplace_back([this, label = name.substr(0, 12) + "-w" + std::to_string(i)] {
            pthread_setname_np(pthread_self(), label.substr(0, 15).c_str());
            run();
        });
    }
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::submit(std::function<void()> task) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= capacity_) return false;
        queue_.push_back(std::move(task));
    }
    wake_.notify_one();
    return true;
}

std::size_t WorkerPool::busy() const {
    std::lock_guard lock(mutex_);
    return queue_.size() + running_;
}

void WorkerPool::run() {
    for (;;) {
        std::function<void()> task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            task = std::move(queue_.front());
            queue_.pop_front();
            ++running_;
        }
        try {
            task();
        } catch (...) {
            // Tasks catch their own failures; nothing may end a worker.
        }
        task = nullptr;  // captured state (a responder) goes while still counted
        std::lock_guard lock(mutex_);
        --running_;
    }
}

void WorkerPool::stop() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped.swap(queue_);
    }
    wake_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
}

} // namespace passway::net
