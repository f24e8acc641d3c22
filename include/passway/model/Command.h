#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace passway {

enum class CommandState { Queued, Sent, Done, Failed, Expired };

const char* toString(CommandState state);
CommandState commandStateFromString(const std::string& name);  // throws std::invalid_argument
inline bool isFinal(CommandState s) {
    return s == CommandState::Done || s == CommandState::Failed || s == CommandState::Expired;
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
