#include "commands/CommandLifetime.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace passway {

CommandLifetime CommandLifetime::read(const Poco::Util::AbstractConfiguration& config) {
    CommandLifetime lifetime;
    lifetime.actionTtl = std::chrono::seconds(std::max(1, config.getInt("commands.ttl_s", 300)));
    lifetime.otherTtl = std::chrono::seconds(std::max(1, config.getInt("commands.other_ttl_s", 86400)));
    return lifetime;
}

std::int64_t CommandLifetime::ttlMs(std::string_view kind) const {
    const auto ttl = isIdempotentCommand(kind) ? otherTtl : actionTtl;
    return std::chrono::duration_cast<std::chrono::milliseconds>(ttl).count();
}

bool CommandLifetime::overdue(const Command& command, std::int64_t nowMs) const {
    return !isFinal(command.state) && nowMs - command.createdAt >= ttlMs(command.kind);
}

CommandState CommandLifetime::endOfLife(const Command& command) {
    if (command.state == CommandState::Sent && !isIdempotentCommand(command.kind)) return CommandState::Unknown;
    return CommandState::Expired;
}

} // namespace passway
