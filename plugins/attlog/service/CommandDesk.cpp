#include "service/CommandDesk.h"

#include "mapping/CommandEntry.h"
#include "passway/Clock.h"
#include "passway/JsonText.h"

#include <Poco/Logger.h>
#include <Poco/String.h>

#include <algorithm>

namespace passway::attlog {

namespace {

constexpr int kQueuedPerPoll = 64;

std::string key(std::int64_t deviceId) {
    return "commands." + std::to_string(deviceId);
}

}  // namespace

void CommandDesk::load() {
    std::lock_guard lock(mutex_);
    sent_.clear();
    for (auto& c : context_.commands().unfinished()) sent_[c.deviceId].push_back(std::move(c));
}

std::vector<Command> CommandDesk::takeSent(std::int64_t deviceId) {
    std::lock_guard lock(mutex_);
    const auto found = sent_.find(deviceId);
    if (found == sent_.end()) return {};
    std::vector<Command> out = std::move(found->second);
    sent_.erase(found);
    return out;
}

Poco::JSON::Object::Ptr CommandDesk::answer(std::int64_t deviceId, const std::string& serial) {
    auto& commands = context_.commands();
    // What the last poll listed and no error log failed was done.
    for (const auto& c : takeSent(deviceId)) {
        commands.finish(c.id, CommandState::Done, R"({"note":"no error log before the next Get Command"})");
    }

    auto list = json::ordered();
    std::int64_t newest = 0;
    for (const auto& command : commands.queued(deviceId, kQueuedPerPoll)) {
        std::string why;
        const auto entry = CommandEntry::of(command, why);
        if (!entry) {
            context_.logger().warning("SN " + serial + ": command " + std::to_string(command.id) + " failed: " + why);
            auto result = json::ordered();
            result->set("message", why);
            commands.finish(command.id, CommandState::Failed, json::text(result));
            continue;
        }
        if (list->has(entry->name)) continue;      // one of each name per answer
        if (!commands.sent(command.id)) continue;  // finished meanwhile
        {
            std::lock_guard lock(mutex_);
            sent_[deviceId].push_back(command);
        }
        list->set(entry->name, entry->value);
        newest = std::max(newest, command.createdAt / 1000);
    }

    const auto stored = context_.kv().get(key(deviceId));
    std::int64_t timeStamp = 0;
    if (stored) {
        try {
            timeStamp = std::stoll(*stored);
        } catch (const std::exception&) {
            // A broken value starts a new version.
        }
    }
    if (list->size() > 0 || timeStamp == 0) {
        timeStamp = std::max({newest, timeStamp + 1, nowMillis() / 1000});
        context_.kv().set(key(deviceId), std::to_string(timeStamp));
    }
    auto body = json::ordered();
    body->set("timeStamp", timeStamp);
    body->set("SN", serial);
    body->set("cmd_list", list);
    return body;
}

bool CommandDesk::failed(std::int64_t deviceId, const std::string& commandName, const std::string& resultJson) {
    if (commandName.empty()) return false;
    std::optional<Command> match;
    {
        std::lock_guard lock(mutex_);
        auto& sent = sent_[deviceId];
        for (auto c = sent.begin(); c != sent.end(); ++c) {
            std::string why;
            const auto entry = CommandEntry::of(*c, why);
            if (entry && Poco::icompare(entry->name, commandName) == 0) {
                match = *c;
                sent.erase(c);
                break;
            }
        }
    }
    return match && context_.commands().finish(match->id, CommandState::Failed, resultJson);
}

}  // namespace passway::attlog
