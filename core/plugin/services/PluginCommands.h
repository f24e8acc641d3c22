#pragma once

#include "passway/services/CommandService.h"
#include "commands/CommandLifetime.h"
#include "plugin/services/ServiceScope.h"

#include <cstdint>
#include <mutex>
#include <optional>
#include <unordered_set>

namespace passway::plugin {

// CommandService over the store: state changes of the plugin's devices'
// commands, and command.finished. It enforces the commands' lifetime
// (commands/CommandLifetime.h) where a plugin would send: a command whose
// time is up is ended instead of handed out, and a command that must not
// run twice, left sent by an earlier run, ends `unknown` instead of being
// sent again.
class PluginCommands final : public CommandService {
public:
    explicit PluginCommands(ServiceScope scope, CommandLifetime lifetime = {})
        : scope_(std::move(scope)), lifetime_(lifetime) {}

    std::vector<Command> queued(std::int64_t deviceId, int limit) override;
    std::vector<Command> unfinished() override;
    bool sent(std::int64_t commandId) override;
    bool finish(std::int64_t commandId, CommandState state, const std::string& resultJson) override;

private:
    bool ownsDevice(std::int64_t deviceId);
    std::optional<Command> ours(std::int64_t commandId);
    // Ends `command` in `state` with command.finished; false when it was final already.
    bool end(const Command& command, CommandState state, const std::string& resultJson);

    ServiceScope scope_;
    const CommandLifetime lifetime_;
    // Devices found to be this plugin's. A keepalive asks for queued
    // commands, and reading the whole device for the check was an eighth of
    // a kept-alive fleet's CPU. Remembering is safe because the answer never
    // changes: the store never reuses a device id (AUTOINCREMENT,
    // BIGSERIAL) and never changes a device's protocol. Only a yes is kept:
    // an id not yet in the store may become ours.
    std::mutex oursMutex_;
    std::unordered_set<std::int64_t> ours_;
};

} // namespace passway::plugin
