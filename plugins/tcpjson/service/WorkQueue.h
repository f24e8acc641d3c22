#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passway::tcpjson {

// The plugin's workers: what may block (the store, the record intake's group
// commit, reading photos) runs here, never on the reactor thread.
class WorkQueue {
public:
    using Task = std::function<void()>;

    WorkQueue(int threads, std::string name);
    ~WorkQueue();

    void post(Task task);
    // Runs what is queued, then joins the threads.
    void stop();
    std::size_t queued() const;

private:
    void run();

    const std::string name_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Task> tasks_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

} // namespace passway::tcpjson
