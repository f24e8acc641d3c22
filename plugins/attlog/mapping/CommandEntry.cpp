#include "mapping/CommandEntry.h"

#include "passway/JsonText.h"

#include <Poco/String.h>

namespace passway::attlog {

namespace {

constexpr std::int64_t kDefaultErrorLogSpan = 86400;  // seconds before the command was queued

std::optional<std::int64_t> seconds(const Poco::JSON::Object& args, const std::string& a, const std::string& b) {
    for (const auto& key : {a, b}) {
        if (args.has(key) && args.get(key).isInteger()) return args.get(key).convert<std::int64_t>();
    }
    return std::nullopt;
}

}  // namespace

std::optional<CommandEntry> CommandEntry::of(const Command& command, std::string& why) {
    const auto args = json::objectOr(command.args);
    const std::string& kind = command.kind;
    if (kind == "get_error_log" || kind == "geterrolog") {
        const std::int64_t queued = command.createdAt / 1000;
        const std::int64_t end = seconds(*args, "end", "to").value_or(queued);
        const std::int64_t start = seconds(*args, "start", "from").value_or(end - kDefaultErrorLogSpan);
        if (start > end) {
            why = "get_error_log: args.start is after args.end";
            return std::nullopt;
        }
        Poco::JSON::Object::Ptr range = json::ordered();
        range->set("start", start);
        range->set("end", end);
        return CommandEntry{"getErroLog", range};
    }
    if (kind == "sync_users" || kind == "push_all_persons" || kind == "updatestd") {
        return CommandEntry{"updatestd", std::string()};
    }
    if (kind == "sync_records" || kind == "syncattlog") return CommandEntry{"syncAttLog", std::string()};
    if (kind == "bridge_command") {
        // Any other command a bridge knows ("....." in the document): sent as named.
        if (!args->has("name") || !args->get("name").isString() || args->getValue<std::string>("name").empty()) {
            why = "bridge_command needs args.name (the bridge's command name)";
            return std::nullopt;
        }
        return CommandEntry{args->getValue<std::string>("name"),
                            args->has("value") ? args->get("value") : Poco::Dynamic::Var(std::string())};
    }
    why = "attlog bridges do not support the command kind '" + kind +
          "' (supported: get_error_log, sync_users, push_all_persons, sync_records, bridge_command)";
    return std::nullopt;
}

std::string CommandEntry::nameInErrorContent(const std::string& content) {
    const std::size_t end = content.find_first_of(" ;");
    return Poco::trim(content.substr(0, end));
}

}  // namespace passway::attlog
