#pragma once

#include "passway/model/Command.h"

#include <chrono>
#include <cstdint>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway {

// How long a command may wait for its device, and how it ends when that time
// is up. A door opened ten minutes after someone asked is worse than a door
// not opened, so commands that act on the site at once
// (!isIdempotentCommand) live `commands.ttl_s` (300 s); the others (queries,
// settings, time, person pushes, snapshots, firmware) live
// `commands.other_ttl_s` (a day): late, they still do what was meant.
struct CommandLifetime {
    std::chrono::seconds actionTtl{300};   // commands.ttl_s
    std::chrono::seconds otherTtl{86400};  // commands.other_ttl_s

    static CommandLifetime read(const Poco::Util::AbstractConfiguration& config);

    std::int64_t ttlMs(std::string_view kind) const;
    // Its time is up at `nowMs` (counted from createdAt).
    bool overdue(const Command& command, std::int64_t nowMs) const;
    // How a command whose time is up ends: expired, unless it is one that
    // must not run twice and was sent (nobody knows whether it ran): unknown.
    static CommandState endOfLife(const Command& command);
};

} // namespace passway
