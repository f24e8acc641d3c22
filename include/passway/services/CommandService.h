#pragma once

#include "passway/model/Command.h"

#include <cstdint>
#include <string>
#include <vector>

namespace passway {

// Commands for the plugin's devices (queued by admins and scripts). The
// host moves them queued -> sent -> done | failed | expired and publishes
// command.finished. Commands of other plugins' devices read as absent.
// Throws HostError (Unavailable).
class CommandService {
public:
    virtual ~CommandService() = default;

    // Queued commands of the device, oldest first.
    virtual std::vector<Command> queued(std::int64_t deviceId, int limit) = 0;
    // Commands left in state sent (by an earlier run), oldest first.
    virtual std::vector<Command> unfinished() = 0;
    // Queued -> sent. False when it is gone, final, or not this plugin's.
    virtual bool sent(std::int64_t commandId) = 0;
    // -> done, failed or expired with `resultJson` (a JSON object text, or a
    // plain message); publishes command.finished. False when it is gone or
    // already final (nothing published).
    virtual bool finish(std::int64_t commandId, CommandState state, const std::string& resultJson) = 0;
};

} // namespace passway
