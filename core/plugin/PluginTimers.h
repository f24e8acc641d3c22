#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Logger.h>
#include <Poco/Util/Timer.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace passway {

class CallbackGuard;

// The timers of one plugin, on one Poco::Util::Timer thread of its own (made
// when the first timer is). Periodic tasks run with a fixed delay between the
// end of one run and the start of the next, so a slow task never piles up.
// cancelAll() joins the thread and releases every task: the tasks are plugin
// code and must be gone before the plugin's library is unloaded.
class PluginTimers {
public:
    using Task = std::function<void()>;

    PluginTimers(std::string name, Poco::Logger& logger);
    ~PluginTimers();
    PluginTimers(const PluginTimers&) = delete;
    PluginTimers& operator=(const PluginTimers&) = delete;

    // Throw std::logic_error after cancelAll() and std::invalid_argument for
    // a negative delay or a period below 1 ms.
    std::uint64_t every(std::chrono::milliseconds period, Task task);
    std::uint64_t after(std::chrono::milliseconds delay, Task task);
    // Returns false for an unknown (or finished one-shot) timer. A run already
    // under way completes.
    bool cancel(std::uint64_t timer);
    // Cancels everything and waits for a task running now; further
    // registrations are refused.
    void cancelAll();

    std::size_t active() const;

private:
    class Callback;

    std::uint64_t add(Poco::AutoPtr<Callback> callback, std::chrono::milliseconds delay, long periodMs);
    void pruneLocked();

    const std::string name_;
    std::shared_ptr<CallbackGuard> guard_;
    mutable std::mutex mutex_;
    std::unique_ptr<Poco::Util::Timer> timer_;
    std::map<std::uint64_t, Poco::AutoPtr<Callback>> tasks_;
    std::uint64_t nextId_ = 1;
    bool closed_ = false;
};

} // namespace passway
