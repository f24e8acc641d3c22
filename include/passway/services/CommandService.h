#pragma once

#include "passway/model/Command.h"

#include <cstdint>
#include <string>
#include <vector>

namespace passway {

// Commands for the plugin's devices (queued by admins and scripts). The
// host moves them queued -> sent -> done | failed | expired | unknown and
// publishes command.finished. Every command has a time to live (the host's
// commands.ttl_s / commands.other_ttl_s): queued() never hands out one whose
// time is up. A plugin that sent a command that must not run twice
// (isIdempotentCommand false) and cannot hear its answer any more (the link
// dropped, no answer in time) finishes it `unknown` and never sends it again. Commands of other plugins' devices read as absent.
// Throws HostError (Unavailable).
class CommandService {
public:
    virtual ~CommandService() = default;

    // Queued commands of the device, oldest first.
    virtual std::vector<Command> queued(std::int64_t deviceId, int limit) = 0;
    // Commands left in state sent (by an earlier run), oldest first, that
    // may be sent again. Those that must not run twice (isIdempotentCommand
    // false) are ended `unknown` instead, and those whose time to live is
    // over `expired`; neither is returned.
    virtual std::vector<Command> unfinished() = 0;
    // Queued -> sent. False when it is gone, final, not this plugin's, or its
    // time to live is over (then it is ended `expired`: do not send it).
    virtual bool sent(std::int64_t commandId) = 0;
    // -> done, failed, expired or unknown with `resultJson` (a JSON object text, or a
    // plain message); publishes command.finished. False when it is gone or
    // already final (nothing published).
    virtual bool finish(std::int64_t commandId, CommandState state, const std::string& resultJson) = 0;
};

} // namespace passway
