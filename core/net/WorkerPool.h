#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passway::net {

// The threads that run handlers, with a bounded queue: a full queue refuses
// (the server answers 503) instead of growing without limit.
class WorkerPool {
public:
    WorkerPool(std::string name, int threads, std::size_t queue);
    ~WorkerPool();  // stop()
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when the queue is full or the pool stopped.
    bool submit(std::function<void()> task);
    // Tasks queued or running.
    std::size_t busy() const;
    // Drops what is still queued, waits for the running tasks, joins.
    void stop();

private:
    void run();

    const std::size_t capacity_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::function<void()>> queue_;
    std::size_t running_ = 0;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace passway::net
