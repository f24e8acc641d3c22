#include "plugin/PluginTimers.h"

#include "plugin/CallbackGuard.h"

#include <Poco/Clock.h>
#include <Poco/Util/TimerTask.h>

#include <atomic>
#include <stdexcept>
#include <utility>

namespace passway {

class PluginTimers::Callback final : public Poco::Util::TimerTask {
public:
    Callback(Task task, bool oneShot, std::shared_ptr<CallbackGuard> guard)
        : task_(std::move(task)), oneShot_(oneShot), guard_(std::move(guard)) {}

    void run() override {
        if (cancelled_.load()) return;  // cancelled after Poco dequeued it
        guard_->run(task_);
        if (oneShot_) finished_ = true;
    }

    // Poco's own cancelled flag is a plain bool the timer thread reads; ours
    // is atomic so the host threads can ask without a data race.
    void stop() {
        cancelled_ = true;
        cancel();  // tells Poco not to run or reschedule it
    }

    bool finished() const { return finished_.load() || cancelled_.load(); }

private:
    Task task_;
    const bool oneShot_;
    std::shared_ptr<CallbackGuard> guard_;
    std::atomic<bool> finished_{false};
    std::atomic<bool> cancelled_{false};
};

PluginTimers::PluginTimers(std::string name, Poco::Logger& logger)
    : name_(std::move(name)), guard_(std::make_shared<CallbackGuard>(logger, "timer task")) {}

PluginTimers::~PluginTimers() { cancelAll(); }

std::uint64_t PluginTimers::every(std::chrono::milliseconds period, Task task) {
    if (period.count() < 1) throw std::invalid_argument("timer period must be at least 1 ms");
    return add(new Callback(std::move(task), false, guard_), period, static_cast<long>(period.count()));
}

std::uint64_t PluginTimers::after(std::chrono::milliseconds delay, Task task) {
    if (delay.count() < 0) throw std::invalid_argument("timer delay must not be negative");
    return add(new Callback(std::move(task), true, guard_), delay, 0);
}

std::uint64_t PluginTimers::add(Poco::AutoPtr<Callback> callback, std::chrono::milliseconds delay, long periodMs) {
    std::lock_guard lock(mutex_);
    if (closed_) throw std::logic_error(name_ + ": timers are closed (the plugin is stopping)");
    pruneLocked();
    if (!timer_) timer_ = std::make_unique<Poco::Util::Timer>();
    if (periodMs > 0) {
        timer_->schedule(callback, static_cast<long>(delay.count()), periodMs);
    } else {
        Poco::Clock when;
        when += static_cast<Poco::Clock::ClockDiff>(delay.count()) * 1000;  // microseconds
        timer_->schedule(callback, when);
    }
    const std::uint64_t id = nextId_++;
    tasks_.emplace(id, std::move(callback));
    return id;
}

// One-shot tasks that ran and cancelled ones are forgotten lazily, so a
// plugin calling after() a million times does not grow the map forever.
void PluginTimers::pruneLocked() {
    for (auto it = tasks_.begin(); it != tasks_.end();) {
        if (it->second->finished())
            it = tasks_.erase(it);
        else
            ++it;
    }
}

bool PluginTimers::cancel(std::uint64_t timer) {
    std::lock_guard lock(mutex_);
    const auto found = tasks_.find(timer);
    if (found == tasks_.end() || found->second->finished()) return false;
    found->second->stop();
    tasks_.erase(found);
    return true;
}

void PluginTimers::cancelAll() {
    std::unique_ptr<Poco::Util::Timer> timer;
    std::map<std::uint64_t, Poco::AutoPtr<Callback>> tasks;
    {
        std::lock_guard lock(mutex_);
        closed_ = true;
        timer = std::move(timer_);
        tasks.swap(tasks_);
    }
    for (auto& [id, task] : tasks) task->stop();
    // The Timer's destructor lets a task running now finish, empties the
    // queue (releasing every task) and joins its thread. Timer::cancel(true)
    // is not used: in Poco 1.11 its notification can be destroyed while the
    // waiting thread still leaves the wait.
    timer.reset();
}

std::size_t PluginTimers::active() const {
    std::lock_guard lock(mutex_);
    std::size_t n = 0;
    for (const auto& [id, task] : tasks_) n += task->finished() ? 0 : 1;
    return n;
}

} // namespace passway
