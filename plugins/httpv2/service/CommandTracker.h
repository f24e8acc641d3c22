#pragma once

#include "passway/services/CommandService.h"

#include <Poco/Logger.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace passway::httpv2 {

// A command handed to a terminal (state sent) that is not finished yet.
struct TrackedCommand {
    std::int64_t id = 0;
    std::int64_t deviceId = 0;
    std::string kind;
    bool awaitsResult = false;  // finished by a request of its own (snapshot, ticket, settings, DeleteAll)
    std::uint32_t userId = 0;   // register_identify_ticket
    std::int64_t sentAt = 0;
    std::string note;
};

// Moves commands through queued → sent → done | failed through the host's
// CommandService (which publishes command.finished). Commands the protocol answers nothing for
// (open door, restart, ...) are done when the terminal comes back with its
// next keepalive; those with an answer of their own are finished by it, or
// failed after plugin.httpv2.command_result_timeout_s.
class CommandTracker {
public:
    CommandTracker(CommandService& commands, Poco::Logger& log, std::chrono::seconds resultTimeout);

    // Takes over the commands left in state sent by a previous run.
    void load(const std::function<bool(std::int64_t deviceId)>& isOurs);

    bool markSent(const Command& command, bool awaitsResult, std::uint32_t userId, const std::string& note,
                  std::int64_t nowMs);
    // A command that cannot be sent (bad args, unknown kind): queued → failed.
    void fail(const Command& command, const std::string& message);
    // Finishes a tracked command with `resultJson` (a JSON object text).
    void finish(const TrackedCommand& command, CommandState state, const std::string& resultJson);

    // The terminal is back: commands without an answer of their own are done.
    void acknowledge(std::int64_t deviceId);
    // The oldest awaiting command of `kind` (for `userId` when one matches),
    // no longer tracked.
    std::optional<TrackedCommand> takeAwaiting(std::int64_t deviceId, std::string_view kind,
                                               std::optional<std::uint32_t> userId = std::nullopt);
    bool awaiting(std::int64_t deviceId, std::string_view kind) const;
    // A command of `kind` was sent to the device and is not finished.
    bool tracking(std::int64_t deviceId, std::string_view kind) const;
    // The ids of the device's awaiting commands of `kind`, oldest first.
    std::vector<std::int64_t> awaitingIds(std::int64_t deviceId, std::string_view kind) const;
    // That command, no longer tracked.
    std::optional<TrackedCommand> take(std::int64_t deviceId, std::int64_t commandId);
    // Fails awaiting commands older than the timeout.
    void expire(std::int64_t nowMs);

    // Which kinds finish by an answer of their own.
    static bool answersItself(std::string_view kind);
    // {"message": text} and friends, as JSON object text.
    static std::string resultText(const std::string& key, const std::string& value);

private:
    CommandService& commands_;
    Poco::Logger& log_;
    const std::int64_t timeoutMs_;
    mutable std::mutex mutex_;
    std::unordered_map<std::int64_t, std::vector<TrackedCommand>> byDevice_;
};

} // namespace passway::httpv2
