#include "service/CommandTracker.h"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace passway::httpv2 {

namespace {

const char* stateName(CommandState state) {
    switch (state) {
    case CommandState::Queued: return "queued";
    case CommandState::Sent: return "sent";
    case CommandState::Done: return "done";
    case CommandState::Failed: return "failed";
    case CommandState::Expired: return "expired";
    }
    return "failed";
}

} // namespace

CommandTracker::CommandTracker(Store& store, EventPublisher& events, Poco::Logger& log,
                               std::chrono::seconds resultTimeout)
    : store_(store), events_(events), log_(log), timeoutMs_(resultTimeout.count() * 1000) {}

bool CommandTracker::answersItself(std::string_view kind) {
    return kind == "snapshot" || kind == "register_identify_ticket" || kind == "upload_settings" ||
           kind == "sync_time" || kind == "sync_parameters" || kind == "clear_persons";
}

std::string CommandTracker::resultText(const std::string& key, const std::string& value) {
    Poco::JSON::Object object;
    object.set(key, value);
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

void CommandTracker::load(const std::function<bool(std::int64_t)>& isOurs) {
    CommandQuery query;
    query.state = CommandState::Sent;
    query.limit = 10000;
    std::size_t count = 0;
    std::lock_guard lock(mutex_);
    for (const auto& command : store_.commands().list(query).items) {
        if (!isOurs(command.deviceId)) continue;
        TrackedCommand tracked{command.id, command.deviceId, command.kind, answersItself(command.kind), 0,
                               command.sentAt, ""};
        byDevice_[command.deviceId].push_back(std::move(tracked));
        ++count;
    }
    if (count > 0) log_.information(std::to_string(count) + " commands sent before a restart are awaited again");
}

bool CommandTracker::transition(std::int64_t id, CommandState to, const std::string& result) {
    try {
        return store_.commands().transition(id, to, result);
    } catch (const StoreError& e) {
        log_.error("command " + std::to_string(id) + ": cannot move to " + stateName(to) + ": " + e.what());
        return false;
    }
}

bool CommandTracker::markSent(const Command& command, bool awaitsResult, std::uint32_t userId,
                              const std::string& note, std::int64_t nowMs) {
    if (!transition(command.id, CommandState::Sent, "")) return false;
    std::lock_guard lock(mutex_);
    byDevice_[command.deviceId].push_back(
        TrackedCommand{command.id, command.deviceId, command.kind, awaitsResult, userId, nowMs, note});
    return true;
}

void CommandTracker::fail(const Command& command, const std::string& message) {
    const std::string result = resultText("error", message);
    log_.warning("command " + std::to_string(command.id) + " (" + command.kind + ") failed: " + message);
    if (transition(command.id, CommandState::Failed, result)) {
        events_.commandFinished(command.id, command.deviceId, command.kind, "failed", result);
    }
}

void CommandTracker::finish(const TrackedCommand& command, CommandState state, const std::string& resultJson) {
    if (transition(command.id, state, resultJson)) {
        events_.commandFinished(command.id, command.deviceId, command.kind, stateName(state), resultJson);
    }
}

void CommandTracker::acknowledge(std::int64_t deviceId) {
    std::vector<TrackedCommand> done;
    {
        std::lock_guard lock(mutex_);
        const auto found = byDevice_.find(deviceId);
        if (found == byDevice_.end()) return;
        auto& tracked = found->second;
        for (auto it = tracked.begin(); it != tracked.end();) {
            if (it->awaitsResult) {
                ++it;
                continue;
            }
            done.push_back(std::move(*it));
            it = tracked.erase(it);
        }
        if (tracked.empty()) byDevice_.erase(found);
    }
    for (const auto& command : done) {
        Poco::JSON::Object result(Poco::JSON_PRESERVE_KEY_ORDER);
        result.set("delivered", true);
        if (!command.note.empty()) result.set("note", command.note);
        std::ostringstream out;
        result.stringify(out);
        finish(command, CommandState::Done, out.str());
    }
}

std::optional<TrackedCommand> CommandTracker::takeAwaiting(std::int64_t deviceId, std::string_view kind,
                                                           std::optional<std::uint32_t> userId) {
    std::lock_guard lock(mutex_);
    const auto found = byDevice_.find(deviceId);
    if (found == byDevice_.end()) return std::nullopt;
    auto& tracked = found->second;
    auto pick = tracked.end();
    for (auto it = tracked.begin(); it != tracked.end(); ++it) {
        if (!it->awaitsResult || it->kind != kind) continue;
        if (pick == tracked.end()) pick = it;  // the oldest of the kind
        if (userId && it->userId == *userId) {
            pick = it;
            break;
        }
    }
    if (pick == tracked.end()) return std::nullopt;
    TrackedCommand command = std::move(*pick);
    tracked.erase(pick);
    if (tracked.empty()) byDevice_.erase(found);
    return command;
}

bool CommandTracker::awaiting(std::int64_t deviceId, std::string_view kind) const {
    std::lock_guard lock(mutex_);
    const auto found = byDevice_.find(deviceId);
    if (found == byDevice_.end()) return false;
    for (const auto& command : found->second) {
        if (command.awaitsResult && command.kind == kind) return true;
    }
    return false;
}

void CommandTracker::expire(std::int64_t nowMs) {
    std::vector<TrackedCommand> overdue;
    {
        std::lock_guard lock(mutex_);
        for (auto device = byDevice_.begin(); device != byDevice_.end();) {
            auto& tracked = device->second;
            for (auto it = tracked.begin(); it != tracked.end();) {
                if (it->awaitsResult && nowMs - it->sentAt > timeoutMs_) {
                    overdue.push_back(std::move(*it));
                    it = tracked.erase(it);
                } else {
                    ++it;
                }
            }
            device = tracked.empty() ? byDevice_.erase(device) : std::next(device);
        }
    }
    for (const auto& command : overdue) {
        log_.warning("command " + std::to_string(command.id) + " (" + command.kind + ") got no answer from its terminal");
        finish(command, CommandState::Failed,
               resultText("error", "no answer from the terminal within " + std::to_string(timeoutMs_ / 1000) + " s"));
    }
}

} // namespace passway::httpv2
