#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passway {

// Unknown: a command that must not run twice (isIdempotentCommand false) was
// sent and no answer came (the link dropped, the host restarted, its time
// ran out): nobody can tell whether it ran, so it is never sent again.
enum class CommandState { Queued, Sent, Done, Failed, Expired, Unknown };

const char* toString(CommandState state);
CommandState commandStateFromString(const std::string& name);  // throws std::invalid_argument
inline bool isFinal(CommandState s) {
    return s == CommandState::Done || s == CommandState::Failed || s == CommandState::Expired ||
           s == CommandState::Unknown;
}

// Whether sending the command twice does no more harm than sending it once.
// Not so for what acts on the site at once: doors and elevators (a late
// open_door opens a door minutes later), restart and factory_reset (each send
// reboots or wipes), clear_* (a second clear deletes what arrived since) and
// the free-form device and user commands (their effect is the terminal's).
// Such a command is sent at most once; an unanswered send ends `unknown`.
inline bool isIdempotentCommand(std::string_view kind) {
    static constexpr std::string_view kOnce[] = {
        "open_door",    "keep_door_open",      "close_door",   "lock_door",           "unlock_door",
        "elevator",     "restart",             "factory_reset", "device_command",     "send_device_command",
        "user_command", "send_user_command"};
    if (kind.substr(0, 6) == "clear_") return false;
    for (const auto once : kOnce) {
        if (kind == once) return false;
    }
    return true;
}

// A canonical command for one device. Plugins translate `kind` + `args` into
// their protocol (HTTPv2 RemoteCommand fields, TCP JSON send_device_command, ...).
struct Command {
    std::int64_t id = 0;
    std::int64_t deviceId = 0;
    std::string kind;              // open_door | restart | factory_reset | sync_time | push_all_persons | snapshot | ...
    std::string args = "{}";       // JSON object text
    CommandState state = CommandState::Queued;
    std::string result;            // JSON object text or message from the device
    std::string createdBy;         // admin user or "script:<name>" or "system"
    std::int64_t createdAt = 0;    // unix milliseconds
    std::int64_t sentAt = 0;
    std::int64_t finishedAt = 0;
};

struct CommandQuery {
    std::optional<std::int64_t> deviceId;
    std::optional<CommandState> state;
    int offset = 0;
    int limit = 50;
};

} // namespace passway
