#include "plugin/services/PluginCommands.h"

#include "plugin/services/HostCall.h"
#include "commands/CommandExpirer.h"
#include "store/Store.h"
#include "passway/Clock.h"

#include <algorithm>

namespace passway::plugin {

bool PluginCommands::ownsDevice(std::int64_t deviceId) {
    {
        std::lock_guard lock(oursMutex_);
        if (ours_.contains(deviceId)) return true;
    }
    const auto device = hostCall([&] { return scope_.store.devices().find(deviceId); });
    if (!device || device->protocol != scope_.pluginId) return false;
    std::lock_guard lock(oursMutex_);
    ours_.insert(deviceId);
    return true;
}

std::optional<Command> PluginCommands::ours(std::int64_t commandId) {
    auto command = hostCall([&] { return scope_.store.commands().find(commandId); });
    if (!command || !ownsDevice(command->deviceId)) return std::nullopt;
    return command;
}

std::vector<Command> PluginCommands::queued(std::int64_t deviceId, int limit) {
    if (!ownsDevice(deviceId)) return {};
    const std::int64_t now = nowMillis();
    std::vector<Command> out;
    for (auto& command : hostCall([&] { return scope_.store.commands().queuedFor(deviceId, limit); })) {
        // Past its time to live: ended here, never handed out (the expirer
        // may not have passed yet).
        if (lifetime_.overdue(command, now)) {
            end(command, CommandState::Expired, CommandExpirer::overdueResult(command, lifetime_));
            continue;
        }
        out.push_back(std::move(command));
    }
    return out;
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
    // Sent before the host stopped, and no answer came: whether a door
    // opened or a terminal rebooted nobody knows, and doing it again could
    // be worse. Those end unknown; the others may go out again.
    const std::int64_t now = nowMillis();
    std::vector<Command> again;
    for (const auto& command : out) {
        if (!isIdempotentCommand(command.kind)) {
            end(command, CommandState::Unknown,
                R"({"error":"sent before the host stopped and not answered; it may or may not have run, and it is not sent again"})");
        } else if (lifetime_.overdue(command, now)) {
            end(command, CommandState::Expired, CommandExpirer::overdueResult(command, lifetime_));
        } else {
            again.push_back(command);
        }
    }
    return again;
}

bool PluginCommands::sent(std::int64_t commandId) {
    const auto command = ours(commandId);
    if (!command) return false;
    if (command->state == CommandState::Queued && lifetime_.overdue(*command, nowMillis())) {
        end(*command, CommandState::Expired, CommandExpirer::overdueResult(*command, lifetime_));
        return false;
    }
    return hostCall([&] { return scope_.store.commands().transition(commandId, CommandState::Sent, ""); });
}

bool PluginCommands::finish(std::int64_t commandId, CommandState state, const std::string& resultJson) {
    if (!isFinal(state)) {
        throw HostError(HostError::Kind::Invalid, "finish: the state must be done, failed, expired or unknown");
    }
    const auto command = ours(commandId);
    if (!command) return false;
    return end(*command, state, resultJson);
}

bool PluginCommands::end(const Command& command, CommandState state, const std::string& resultJson) {
    bool moved = false;
    hostCall([&] {
        scope_.store.atomically([&] {  // the state and its event: one fact
            moved = scope_.store.commands().transition(command.id, state, resultJson);
            if (moved) scope_.publish(events::commandFinished(command, state, resultJson));
        });
    });
    return moved;
}

} // namespace passway::plugin
