#include "net/WorkerPool.h"

#include "util/ThreadName.h"

#include <algorithm>

namespace passway::net {

namespace {

int coreCount() { return std::max(2, static_cast<int>(std::thread::hardware_concurrency())); }

// A task waiting this long while no awake thread takes any means they are
// all held by something (a slow store call, a lock): one more thread joins.
constexpr std::chrono::milliseconds kStall{5};

// How many empty looks (one per stall interval) the watcher makes before it
// rests: a burst that comes back within 50 ms finds it still watching, so a
// submit() under load does not pay for waking it on every request. Resting
// only after a quiet second, it looked 160 times a second for 10,000
// kept-alive terminals (their keepalives now and then find both awake
// threads busy, which starts it watching): 3 % of passwayd's CPU samples.
constexpr int kQuietChecksBeforeRest = 10;

} // namespace

WorkerPool::WorkerPool(std::string name, int threads, std::size_t queue)
    : WorkerPool(std::move(name), threads, queue, coreCount(), kStall) {}

WorkerPool::WorkerPool(std::string name, int threads, std::size_t queue, int running, std::chrono::milliseconds stall)
    : capacity_(std::max<std::size_t>(1, queue)),
      threadCount_(std::max(1, threads)),
      runningTarget_(std::clamp(running, 1, threadCount_)),
      stall_(std::max(stall, std::chrono::milliseconds(1))) {
    // Every thread starts asleep on the idle stack, like one that ran out of
    // work: otherwise all of them would look at the first tasks at once.
    sleepers_.reserve(static_cast<std::size_t>(threadCount_));
    for (int i = 0; i < threadCount_; ++i) {
        sleepers_.push_back(std::make_unique<Sleeper>());
        idle_.push_back(i);
    }
    const std::string prefix = name.substr(0, 12);
    threads_.reserve(static_cast<std::size_t>(threadCount_));
    for (int i = 0; i < threadCount_; ++i) {
        threads_.emplace_back([this, i, label = prefix + "-w" + std::to_string(i)] {
            nameThisThread(label);
            run(i);
        });
    }
    if (threadCount_ > runningTarget_) {
        watcher_ = std::thread([this, label = prefix + "-ww"] {
            nameThisThread(label);
            watch();
        });
    }
}

WorkerPool::~WorkerPool() { stop(); }

bool WorkerPool::submit(std::function<void()> task) {
    int worker = -1;
    bool wakeWatcher = false;
    {
        std::lock_guard lock(mutex_);
        if (stopping_ || queue_.size() >= capacity_) return false;
        queue_.push_back(std::move(task));
        if (awakeLocked() < runningTarget_) {
            worker = takeSleeperLocked();
        } else if (!watching_ && watcher_.joinable()) {
            watching_ = true;
            wakeWatcher = true;
        }
    }
    if (worker >= 0) wakeUp(worker);
    if (wakeWatcher) watcherWake_.notify_one();
    return true;
}

int WorkerPool::takeSleeperLocked() {
    if (idle_.empty()) return -1;
    const int index = idle_.back();
    idle_.pop_back();
    sleepers_[static_cast<std::size_t>(index)]->woken = true;
    return index;
}

std::size_t WorkerPool::busy() const {
    std::lock_guard lock(mutex_);
    return queue_.size() + running_;
}

int WorkerPool::awake() const {
    std::lock_guard lock(mutex_);
    return awakeLocked();
}

void WorkerPool::run(int index) {
    std::unique_lock lock(mutex_);
    sleepUntilWoken(lock, index);  // the constructor put it on the idle stack
    for (;;) {
        while (!stopping_ && queue_.empty()) {
            idle_.push_back(index);
            sleepUntilWoken(lock, index);
        }
        if (stopping_) return;
        std::function<void()> task = std::move(queue_.front());
        queue_.pop_front();
        ++taken_;
        ++running_;
        lock.unlock();
        try {
            task();
        } catch (...) {
            // Tasks catch their own failures; nothing may end a worker.
        }
        task = nullptr;  // captured state (a responder) goes while still counted
        lock.lock();
        --running_;
    }
}

void WorkerPool::sleepUntilWoken(std::unique_lock<std::mutex>& lock, int index) {
    Sleeper& self = *sleepers_[static_cast<std::size_t>(index)];
    self.wake.wait(lock, [&] { return stopping_ || self.woken; });
    self.woken = false;
}

void WorkerPool::watch() {
    std::unique_lock lock(mutex_);
    int quiet = 0;
    while (!stopping_) {
        if (!watching_) {
            watcherWake_.wait(lock, [&] { return stopping_ || watching_; });
            quiet = 0;
            continue;
        }
        const std::uint64_t seen = taken_;
        watcherWake_.wait_for(lock, stall_, [&] { return stopping_; });
        if (stopping_) return;
        if (queue_.empty()) {
            if (++quiet >= kQuietChecksBeforeRest) watching_ = false;
            continue;
        }
        quiet = 0;
        // Work waited a whole interval and no awake thread took any: one more
        // joins. It goes back to sleep once the queue is empty.
        if (taken_ == seen) {
            const int worker = takeSleeperLocked();
            if (worker >= 0) wakeUp(worker);
        }
    }
}

void WorkerPool::stop() {
    std::deque<std::function<void()>> dropped;
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        dropped.swap(queue_);
    }
    for (const auto& sleeper : sleepers_) sleeper->wake.notify_all();
    watcherWake_.notify_all();
    for (auto& t : threads_)
        if (t.joinable()) t.join();
    threads_.clear();
    if (watcher_.joinable()) watcher_.join();
}

} // namespace passway::net
