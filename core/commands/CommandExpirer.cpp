#include "commands/CommandExpirer.h"

#include "bus/EventBus.h"
#include "store/Store.h"
#include "passway/Clock.h"
#include "passway/Events.h"

#include <Poco/JSON/Object.h>
#include <Poco/Logger.h>

#include <algorithm>
#include <sstream>

namespace passway {

namespace {

Poco::Logger& log() { return Poco::Logger::get("commands"); }

constexpr int kPerPass = 500;

} // namespace

CommandExpirer::CommandExpirer(Store& store, EventBus& bus, CommandLifetime lifetime, std::chrono::milliseconds interval)
    : store_(store), bus_(bus), lifetime_(lifetime), interval_(std::max(interval, std::chrono::milliseconds(10))) {}

CommandExpirer::~CommandExpirer() { stop(); }

void CommandExpirer::start() {
    std::lock_guard lock(mutex_);
    if (thread_.joinable()) return;
    stopping_ = false;
    thread_ = std::thread([this] { loop(); });
}

void CommandExpirer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void CommandExpirer::loop() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        sweep(nowMillis());
        lock.lock();
        wake_.wait_for(lock, interval_, [this] { return stopping_; });
    }
}

std::string CommandExpirer::overdueResult(const Command& command, const CommandLifetime& lifetime) {
    Poco::JSON::Object result(Poco::JSON_PRESERVE_KEY_ORDER);
    const std::int64_t ttlSeconds = lifetime.ttlMs(command.kind) / 1000;
    if (CommandLifetime::endOfLife(command) == CommandState::Unknown) {
        result.set("error", "sent, but no answer within " + std::to_string(ttlSeconds) +
                                " s; it may or may not have run, and it is not sent again");
    } else {
        result.set("error", "not done within its time to live (" + std::to_string(ttlSeconds) + " s)");
    }
    result.set("ttlSeconds", ttlSeconds);
    std::ostringstream out;
    result.stringify(out);
    return out.str();
}

int CommandExpirer::sweep(std::int64_t nowMs) {
    int ended = 0;
    try {
        const auto shortest = std::min(lifetime_.actionTtl, lifetime_.otherTtl);
        const std::int64_t cutoff = nowMs - std::chrono::duration_cast<std::chrono::milliseconds>(shortest).count();
        for (const auto& command : store_.commands().unfinishedCreatedBefore(cutoff + 1, kPerPass)) {
            if (!lifetime_.overdue(command, nowMs)) continue;
            const CommandState state = CommandLifetime::endOfLife(command);
            const std::string result = overdueResult(command, lifetime_);
            store_.atomically([&] {  // the state and its event: one fact
                if (!store_.commands().transition(command.id, state, result)) return;  // finished meanwhile
                const auto event = events::commandFinished(command, state, result);
                bus_.publish(event.topic, event.payload, "core");
                ++ended;
            });
            log().information("command " + std::to_string(command.id) + " (" + command.kind + ") of device " +
                              std::to_string(command.deviceId) + " ended " + toString(state) + ": time to live over");
        }
    } catch (const std::exception& e) {
        log().error(std::string("expiring commands failed: ") + e.what());
    }
    return ended;
}

} // namespace passway
