#include "service/CommandDesk.h"

#include "passway/Clock.h"
#include "passway/JsonText.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

namespace passway::henan {

namespace {

std::string opKey(std::int64_t deviceId) { return "op." + std::to_string(deviceId); }
std::string devKey(std::int64_t deviceId) { return "dev." + std::to_string(deviceId); }

std::string joinIds(const Poco::JSON::Object& args) {
    std::string out;
    auto add = [&out](const std::string& id) {
        if (!out.empty()) out += ",";
        out += id;
    };
    if (const auto list = args.getArray("userIds")) {
        for (unsigned i = 0; i < list->size(); ++i) add(list->get(i).convert<std::string>());
    }
    if (args.has("userId")) add(args.get("userId").convert<std::string>());
    return out;
}

// A canonical command as the document's cmd + params; false with `why` when
// the terminals have nothing like it.
bool mapCommand(const Command& c, std::string& cmd, std::string& params, std::string& why) {
    const auto args = json::objectOr(c.args);
    if (c.kind == "sync_time") {
        cmd = "setTimeInfo";
    } else if (c.kind == "restart") {
        cmd = "reboot";
        params = "-1";
    } else if (c.kind == "device_info" || c.kind == "get_device_info") {
        cmd = "getDeviceInfo";
    } else if (c.kind == "set_admin") {
        cmd = "setAdmin";
        auto p = json::ordered();
        p->set("userCode", joinIds(*args));
        p->set("privilege", args->optValue<bool>("admin", true) ? "MANAGER" : "USER");
        params = json::text(p);
        if (joinIds(*args).empty()) {
            why = "set_admin needs args.userIds";
            return false;
        }
    } else if (c.kind == "register_face") {
        cmd = "registrationModel";
        params = args->has("userId") ? args->get("userId").convert<std::string>() : "";
        if (params.empty()) {
            why = "register_face needs args.userId (one person)";
            return false;
        }
    } else if (c.kind == "machine_operation") {
        cmd = "machineOperation";
        auto p = json::ordered();
        p->set("operation", args->optValue<std::string>("operation", "1"));
        p->set("name", args->optValue<std::string>("name", ""));
        params = json::text(p);
    } else {
        why = "henan terminals have no command like '" + c.kind + "'";
        return false;
    }
    return true;
}

}  // namespace

std::optional<Operation> CommandDesk::load(std::int64_t deviceId) {
    const auto text = context_.kv().get(opKey(deviceId));
    return text ? Operation::fromJson(*text) : std::nullopt;
}

void CommandDesk::save(std::int64_t deviceId, const std::optional<Operation>& op) {
    if (op) {
        context_.kv().set(opKey(deviceId), op->toJson());
    } else {
        context_.kv().remove(opKey(deviceId));
    }
}

std::int64_t CommandDesk::nextCode() {
    std::int64_t code = 1;
    if (const auto stored = context_.kv().get("next_code")) {
        try {
            code = std::stoll(*stored);
        } catch (const std::exception&) {
            code = nowMillis() / 1000;  // a broken counter restarts well above the old codes
        }
    }
    context_.kv().set("next_code", std::to_string(code + 1));
    return code;
}

Operation CommandDesk::create(std::int64_t deviceId, const std::string& cmd, const std::string& params) {
    std::lock_guard lock(mutex_);
    Operation op;
    op.code = nextCode();
    op.cmd = cmd;
    op.params = params;
    op.source = "dev";
    op.createdAt = nowMillis();
    auto queue = json::objectOr(context_.kv().get(devKey(deviceId)).value_or("{}"));
    Poco::JSON::Array::Ptr list = queue->getArray("ops");
    if (!list) list = new Poco::JSON::Array();
    list->add(op.toJson());
    queue->set("ops", list);
    context_.kv().set(devKey(deviceId), json::text(queue));
    return op;
}

std::optional<Operation> CommandDesk::fromDevQueue(std::int64_t deviceId) {
    const auto text = context_.kv().get(devKey(deviceId));
    if (!text) return std::nullopt;
    auto queue = json::objectOr(*text);
    const auto list = queue->getArray("ops");
    if (!list || list->size() == 0) return std::nullopt;
    auto op = Operation::fromJson(list->get(0).convert<std::string>());
    Poco::JSON::Array::Ptr rest = new Poco::JSON::Array();
    for (unsigned i = 1; i < list->size(); ++i) rest->add(list->get(i));
    queue->set("ops", rest);
    context_.kv().set(devKey(deviceId), json::text(queue));
    return op;
}

std::optional<Operation> CommandDesk::fromQueue(std::int64_t deviceId, const std::string& serial) {
    auto& commands = context_.commands();
    for (const auto& c : commands.queued(deviceId, 16)) {
        Operation op;
        std::string why;
        if (!mapCommand(c, op.cmd, op.params, why)) {
            context_.logger().warning("SN " + serial + ": command " + std::to_string(c.id) + " failed: " + why);
            auto result = json::ordered();
            result->set("message", why);
            commands.finish(c.id, CommandState::Failed, json::text(result));
            continue;
        }
        if (!commands.sent(c.id)) continue;  // finished or expired meanwhile
        op.code = nextCode();
        op.source = "queue";
        op.commandId = c.id;
        op.createdAt = nowMillis();
        return op;
    }
    return std::nullopt;
}

std::optional<Operation> CommandDesk::fromLedger(std::int64_t deviceId) {
    for (const bool removals : {true, false}) {
        auto tasks = context_.sync().next(deviceId, removals, config_.maxPersonsPerCommand);
        if (tasks.empty()) continue;
        Operation op;
        op.code = nextCode();
        op.cmd = removals ? "deletePerson" : "downloadUser";
        for (const auto& t : tasks) op.params += (op.params.empty() ? "" : ",") + std::to_string(t.userId);
        op.source = "sync";
        op.tasks = std::move(tasks);
        op.createdAt = nowMillis();
        return op;
    }
    return std::nullopt;
}

std::optional<Operation> CommandDesk::next(std::int64_t deviceId, const std::string& serial) {
    std::lock_guard lock(mutex_);
    auto op = load(deviceId);
    if (op && op->handedOut >= config_.failCount) {
        fail(deviceId, serial, *op, "handed out " + std::to_string(op->handedOut) + " times without a callback");
        op.reset();
    }
    if (!op) op = fromDevQueue(deviceId);
    if (!op) op = fromQueue(deviceId, serial);
    if (!op) op = fromLedger(deviceId);
    if (!op) {
        save(deviceId, std::nullopt);
        return std::nullopt;
    }
    ++op->handedOut;
    save(deviceId, op);
    return op;
}

std::optional<Operation> CommandDesk::inHand(std::int64_t deviceId, std::int64_t code) {
    std::lock_guard lock(mutex_);
    auto op = load(deviceId);
    if (!op || op->code != code) return std::nullopt;
    return op;
}

void CommandDesk::fail(std::int64_t deviceId, const std::string& serial, const Operation& op, const std::string& why) {
    context_.logger().warning("SN " + serial + ": " + op.cmd + " (code " + std::to_string(op.code) + ") failed: " + why);
    if (op.source == "queue" && op.commandId != 0) {
        auto result = json::ordered();
        result->set("message", why);
        context_.commands().finish(op.commandId, CommandState::Failed, json::text(result));
    }
    for (const auto& t : op.tasks) {
        context_.sync().fail(deviceId, t.userId, SyncFailureKind::Transient, -1, op.cmd + ": " + why);
    }
}

bool CommandDesk::finish(std::int64_t deviceId, const std::string& serial, std::int64_t code, bool success,
                         const std::string& result) {
    std::lock_guard lock(mutex_);
    auto op = load(deviceId);
    if (!op || op->code != code) return false;
    if (!success) {
        ++op->failures;
        if (op->failures < config_.failCount && op->handedOut < config_.failCount) {
            context_.logger().information("SN " + serial + ": " + op->cmd + " (code " + std::to_string(code) +
                                          ") failed on the terminal; handed out again (" +
                                          std::to_string(op->failures) + " of " + std::to_string(config_.failCount) +
                                          ")");
            save(deviceId, op);
            return true;
        }
        fail(deviceId, serial, *op, "the terminal reported failure: " + result);
        save(deviceId, std::nullopt);
        return true;
    }
    if (op->source == "queue" && op->commandId != 0) {
        context_.commands().finish(op->commandId, CommandState::Done, result);
    }
    for (const auto& t : op->tasks) context_.sync().confirm(deviceId, t);
    context_.logger().debug("SN " + serial + ": " + op->cmd + " (code " + std::to_string(code) + ") done");
    save(deviceId, std::nullopt);
    return true;
}

}  // namespace passway::henan
