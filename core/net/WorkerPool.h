#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passway::net {

// The threads that run handlers, with a bounded queue: a full queue refuses
// (the server answers 503) instead of growing without limit.
//
// Of its threads only about as many run at once as the machine has cores:
// a task queued while that many are awake waits for one of them instead of
// waking another. Every extra awake thread cost a wake-up per request and a
// preemption in the middle of another (with 32 awake handler threads, 200
// terminals uploading photos got 4,400 records/s at p99 72 ms; with two,
// 5,800 at p99 55 ms on this 2-core machine). The rest are there for
// handlers that block: when queued work sees no progress for `stall` (the
// awake ones all wait on something), a watcher wakes one more thread.
//
// The thread woken is the one that went to sleep last, so only as many
// threads run as the load needs, with warm caches; the others stay asleep
// instead of taking turns (a shared condition variable wakes the longest
// sleeper: at a few hundred requests a second all 32 ran in turn, each cold).
class WorkerPool {
public:
    WorkerPool(std::string name, int threads, std::size_t queue);
    // `running`: threads awake at once before the watcher adds more.
    WorkerPool(std::string name, int threads, std::size_t queue, int running, std::chrono::milliseconds stall);
    ~WorkerPool();  // stop()
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // False when the queue is full or the pool stopped.
    bool submit(std::function<void()> task);
    // Tasks queued or running.
    std::size_t busy() const;
    // Threads not asleep waiting for work (running a task or about to).
    int awake() const;
    // Drops what is still queued, waits for the running tasks, joins.
    void stop();

private:
    // A thread's own wake-up, so the pool chooses which thread wakes.
    struct Sleeper {
        std::condition_variable wake;
        bool woken = false;
    };

    void run(int index);
    // Called with `index` on the idle stack; returns once it was taken off.
    void sleepUntilWoken(std::unique_lock<std::mutex>& lock, int index);
    // Takes the last thread to fall asleep off the idle stack; -1 if none.
    // The caller then notifies it (wakeUp), outside the lock where it can.
    int takeSleeperLocked();
    void wakeUp(int index) { sleepers_[static_cast<std::size_t>(index)]->wake.notify_one(); }
    void watch();
    int awakeLocked() const { return threadCount_ - static_cast<int>(idle_.size()); }

    const std::size_t capacity_;
    const int threadCount_;
    const int runningTarget_;
    const std::chrono::milliseconds stall_;
    mutable std::mutex mutex_;
    std::condition_variable watcherWake_;
    std::deque<std::function<void()>> queue_;
    std::size_t running_ = 0;
    std::vector<std::unique_ptr<Sleeper>> sleepers_;  // one per thread, by index
    std::vector<int> idle_;  // threads asleep and not yet woken, the last to sleep at the back
    std::uint64_t taken_ = 0;  // tasks taken from the queue, ever: the watcher's sign of progress
    bool watching_ = false;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
    std::thread watcher_;
};

} // namespace passway::net
