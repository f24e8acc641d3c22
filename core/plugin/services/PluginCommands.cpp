#include "plugin/services/PluginCommands.h"

#include "plugin/services/HostCall.h"
#include "store/Store.h"

#include <algorithm>

namespace passway::plugin {

bool PluginCommands::ownsDevice(std::int64_t deviceId) {
    const auto device = hostCall([&] { return scope_.store.devices().find(deviceId); });
    return device && device->protocol == scope_.pluginId;
}

std::optional<Command> PluginCommands::ours(std::int64_t commandId) {
    auto command = hostCall([&] { return scope_.store.commands().find(commandId); });
    if (!command || !ownsDevice(command->deviceId)) return std::nullopt;
    return command;
}

std::vector<Command> PluginCommands::queued(std::int64_t deviceId, int limit) {
    if (!ownsDevice(deviceId)) return {};
    return hostCall([&] { return scope_.store.commands().queuedFor(deviceId, limit); });
}

std::vector<Command> PluginCommands::unfinished() {
    CommandQuery query;
    query.state = CommandState::Sent;
    query.limit = 1000;
    std::vector<Command> out;
    for (int offset = 0;; offset += query.limit) {
        query.offset = offset;
        const auto page = hostCall([&] { return scope_.store.commands().list(query); });
        for (const auto& command : page.items) {
            if (ownsDevice(command.deviceId)) out.push_back(command);
        }
        if (static_cast<int>(page.items.size()) < query.limit) break;
    }
    std::reverse(out.begin(), out.end());  // the pages are newest first
    return out;
}

bool PluginCommands::sent(std::int64_t commandId) {
    if (!ours(commandId)) return false;
    return hostCall([&] { return scope_.store.commands().transition(commandId, CommandState::Sent, ""); });
}

bool PluginCommands::finish(std::int64_t commandId, CommandState state, const std::string& resultJson) {
    if (!isFinal(state)) throw HostError(HostError::Kind::Invalid, "finish: the state must be done, failed or expired");
    const auto command = ours(commandId);
    if (!command) return false;
    bool moved = false;
    hostCall([&] {
        scope_.store.atomically([&] {  // the state and its event: one fact
            moved = scope_.store.commands().transition(commandId, state, resultJson);
            if (moved) scope_.publish(events::commandFinished(*command, state, resultJson));
        });
    });
    return moved;
}

} // namespace passway::plugin
