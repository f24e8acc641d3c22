#pragma once

#include "passway/services/CommandService.h"
#include "plugin/services/ServiceScope.h"

#include <optional>

namespace passway::plugin {

// CommandService over the store: state changes of the plugin's devices'
// commands, and command.finished.
class PluginCommands final : public CommandService {
public:
    explicit PluginCommands(ServiceScope scope) : scope_(std::move(scope)) {}

    std::vector<Command> queued(std::int64_t deviceId, int limit) override;
    std::vector<Command> unfinished() override;
    bool sent(std::int64_t commandId) override;
    bool finish(std::int64_t commandId, CommandState state, const std::string& resultJson) override;

private:
    bool ownsDevice(std::int64_t deviceId);
    std::optional<Command> ours(std::int64_t commandId);

    ServiceScope scope_;
};

} // namespace passway::plugin
