#include "service/CommandTracker.h"

#include "passway/HostError.h"

#include <Poco/JSON/Object.h>

#include <sstream>

namespace passway::httpv2 {

CommandTracker::CommandTracker(CommandService& commands, Poco::Logger& log, std::chrono::seconds resultTimeout)
    : commands_(commands), log_(log), timeoutMs_(resultTimeout.count() * 1000) {}

bool CommandTracker::answersItself(std::string_view kind) {
    return kind == "snapshot" || kind == "register_identify_ticket" || kind == "upload_settings" ||
           kind == "sync_time" || kind == "sync_parameters" || kind == "clear_persons" ||
           kind == "query_persons";
}

std::string CommandTracker::resultText(const std::string& key, const std::string& value) {
    Poco::JSON::Object object;
    object.set(key, value);
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

void CommandTracker::load(const std::function<bool(std::int64_t)>& isOurs) {
    std::size_t count = 0;
    const auto unfinished = commands_.unfinished();
    std::lock_guard lock(mutex_);
    for (const auto& command : unfinished) {
        if (!isOurs(command.deviceId)) continue;
        TrackedCommand tracked{command.id, command.deviceId, command.kind, answersItself(command.kind), 0,
                               command.sentAt, ""};
        byDevice_[command.deviceId].push_back(std::move(tracked));
        ++count;
    }
    if (count > 0) log_.information(std::to_string(count) + " commands sent before a restart are awaited again");
}

bool CommandTracker::markSent(const Command& command, bool awaitsResult, std::uint32_t userId,
                              const std::string& note, std::int64_t nowMs) {
    try {
        if (!commands_.sent(command.id)) return false;
    } catch (const HostError& e) {
        log_.error("command " + std::to_string(command.id) + ": cannot mark it sent: " + e.what());
        return false;
    }
    std::lock_guard lock(mutex_);
    byDevice_[command.deviceId].push_back(
        TrackedCommand{command.id, command.deviceId, command.kind, awaitsResult, userId, nowMs, note});
    return true;
}

void CommandTracker::fail(const Command& command, const std::string& message) {
    const std::string result = resultText("error", message);
    log_.warning("command " + std::to_string(command.id) + " (" + command.kind + ") failed: " + message);
    try {
        commands_.finish(command.id, CommandState::Failed, result);
    } catch (const HostError& e) {
        log_.error("command " + std::to_string(command.id) + ": cannot mark it failed: " + e.what());
    }
}

void CommandTracker::finish(const TrackedCommand& command, CommandState state, const std::string& resultJson) {
    try {
        commands_.finish(command.id, state, resultJson);
    } catch (const HostError& e) {
        log_.error("command " + std::to_string(command.id) + ": cannot move to " + toString(state) + ": " + e.what());
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

bool CommandTracker::tracking(std::int64_t deviceId, std::string_view kind) const {
    std::lock_guard lock(mutex_);
    const auto found = byDevice_.find(deviceId);
    if (found == byDevice_.end()) return false;
    for (const auto& command : found->second) {
        if (command.kind == kind) return true;
    }
    return false;
}

std::vector<std::int64_t> CommandTracker::awaitingIds(std::int64_t deviceId, std::string_view kind) const {
    std::vector<std::int64_t> ids;
    std::lock_guard lock(mutex_);
    const auto found = byDevice_.find(deviceId);
    if (found == byDevice_.end()) return ids;
    for (const auto& command : found->second) {
        if (command.awaitsResult && command.kind == kind) ids.push_back(command.id);
    }
    return ids;
}

std::optional<TrackedCommand> CommandTracker::take(std::int64_t deviceId, std::int64_t commandId) {
    std::lock_guard lock(mutex_);
    const auto found = byDevice_.find(deviceId);
    if (found == byDevice_.end()) return std::nullopt;
    auto& tracked = found->second;
    for (auto it = tracked.begin(); it != tracked.end(); ++it) {
        if (it->id != commandId) continue;
        TrackedCommand command = std::move(*it);
        tracked.erase(it);
        if (tracked.empty()) byDevice_.erase(found);
        return command;
    }
    return std::nullopt;
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
