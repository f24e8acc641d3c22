#include "mapping/CommandRequest.h"

#include "mapping/AccessRecord.h"

#include <Poco/JSON/Parser.h>

namespace passway::tcpjson {

namespace {

Poco::JSON::Object::Ptr object() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

Poco::JSON::Object::Ptr parseArgs(const std::string& args) {
    if (args.empty()) return object();
    auto parsed = Poco::JSON::Parser().parse(args).extract<Poco::JSON::Object::Ptr>();
    if (!parsed) throw std::invalid_argument("args must be a JSON object");
    return parsed;
}

// command_type + command_value, from args or the defaults of the kind.
Poco::JSON::Object::Ptr customCommand(const Poco::JSON::Object& args, std::optional<int> defaultType,
                                      const std::string& defaultValue) {
    auto fields = object();
    if (args.has("command_type")) {
        if (!args.get("command_type").isInteger()) throw std::invalid_argument("args.command_type must be an integer");
        fields->set("command_type", args.getValue<int>("command_type"));
    } else if (defaultType) {
        fields->set("command_type", *defaultType);
    } else {
        throw std::invalid_argument("args.command_type is required");
    }
    if (args.has("command_value")) {
        if (!args.get("command_value").isString()) throw std::invalid_argument("args.command_value must be a string");
        fields->set("command_value", args.getValue<std::string>("command_value"));
    } else {
        fields->set("command_value", defaultValue);
    }
    return fields;
}

} // namespace

std::optional<CommandRequest> CommandRequest::of(const Command& command, const TcpjsonConfig& config,
                                                 std::int64_t nowMs, std::string& why) {
    try {
        const auto args = parseArgs(command.args);
        const std::string& kind = command.kind;
        if (kind == "user_command" || kind == "send_user_command") {
            return CommandRequest{"send_user_command", customCommand(*args, std::nullopt, "")};
        }
        if (kind == "device_command" || kind == "send_device_command") {
            return CommandRequest{"send_device_command", customCommand(*args, std::nullopt, "")};
        }
        if (kind == "open_door") {
            return CommandRequest{"send_device_command", customCommand(*args, config.openDoorCommandType, "open_door")};
        }
        if (kind == "restart") {
            return CommandRequest{"send_device_command", customCommand(*args, config.restartCommandType, "restart")};
        }
        if (kind == "sync_time") {
            auto fields = object();
            fields->set("time", AccessRecord::formatTime(nowMs, config.utcOffsetMinutes));
            return CommandRequest{"set_device_time", fields};
        }
        if (kind == "get_status") return CommandRequest{"get_device_status", object()};
        if (kind == "get_info") return CommandRequest{"get_device_info", object()};
        if (kind == "set_device_info") {
            auto fields = object();
            fields->set("device_info", args->has("device_info") ? args->getObject("device_info") : args);
            if (!fields->getObject("device_info")) throw std::invalid_argument("args.device_info must be an object");
            return CommandRequest{"set_device_info", fields, true};
        }
        if (kind == "set_person_role") {
            if (!args->has("userId") || !args->get("userId").isInteger()) {
                throw std::invalid_argument("args.userId must be an integer");
            }
            if (!args->has("role") || !args->get("role").isString()) {
                throw std::invalid_argument("args.role must be normal, admin or blacklist");
            }
            const auto role = config.roles.find(args->getValue<std::string>("role"));
            if (role == config.roles.end()) throw std::invalid_argument("args.role must be normal, admin or blacklist");
            auto fields = object();
            fields->set("person_id", std::to_string(args->getValue<Poco::UInt64>("userId")));
            fields->set("role", role->second);
            return CommandRequest{"set_person_role", fields};
        }
        why = "tcpjson terminals do not support the command kind '" + kind +
              "' (supported: open_door, restart, sync_time, get_status, get_info, set_device_info, set_person_role, "
              "user_command, device_command)";
    } catch (const std::exception& e) {
        why = std::string("bad command args: ") + e.what();
    }
    return std::nullopt;
}

} // namespace passway::tcpjson
