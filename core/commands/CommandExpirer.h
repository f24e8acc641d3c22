#pragma once

#include "commands/CommandLifetime.h"

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace passway {

class EventBus;
class Store;

// Ends the commands whose time is up (CommandLifetime): queued ones and sent
// idempotent ones `expired`, sent ones that must not run twice `unknown`,
// each with command.finished (source core) in the same unit of work. Runs
// every `interval` on a thread of its own, so a command of a device that
// never calls in again ends too.
class CommandExpirer {
public:
    CommandExpirer(Store& store, EventBus& bus, CommandLifetime lifetime,
                   std::chrono::milliseconds interval = std::chrono::seconds(1));
    ~CommandExpirer();
    CommandExpirer(const CommandExpirer&) = delete;
    CommandExpirer& operator=(const CommandExpirer&) = delete;

    void start();
    void stop();
    // One pass; returns how many commands it ended. Never throws.
    int sweep(std::int64_t nowMs);

    // The result a command ended by its lifetime carries.
    static std::string overdueResult(const Command& command, const CommandLifetime& lifetime);

private:
    void loop();

    Store& store_;
    EventBus& bus_;
    const CommandLifetime lifetime_;
    const std::chrono::milliseconds interval_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace passway
