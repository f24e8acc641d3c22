#include "service/WorkQueue.h"

#include <Poco/Logger.h>

namespace passway::tcpjson {

WorkQueue::WorkQueue(int threads, std::string name) : name_(std::move(name)) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

WorkQueue::~WorkQueue() { stop(); }

void WorkQueue::post(Task task) {
    {
        std::lock_guard lock(mutex_);
        if (stopping_) return;
        tasks_.push_back(std::move(task));
    }
    wake_.notify_one();
}

void WorkQueue::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_ && threads_.empty()) return;
        stopping_ = true;
    }
    wake_.notify_all();
    for (auto& t : threads_) {
        if (t.joinable()) t.join();
    }
    threads_.clear();
}

std::size_t WorkQueue::queued() const {
    std::lock_guard lock(mutex_);
    return tasks_.size();
}

void WorkQueue::run() {
    for (;;) {
        Task task;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
            if (tasks_.empty()) return;  // stopping and drained
            task = std::move(tasks_.front());
            tasks_.pop_front();
        }
        try {
            task();
        } catch (const std::exception& e) {
            Poco::Logger::get("plugin.tcpjson").error(name_ + " task failed: " + e.what());
        } catch (...) {
            Poco::Logger::get("plugin.tcpjson").error(name_ + " task failed with an unknown exception");
        }
    }
}

} // namespace passway::tcpjson
