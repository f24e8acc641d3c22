// The terminal's own commands: getDeviceInfo (its report lands in the
// device's reported state), setTimeInfo, reboot, machineOperation, the
// callback that finishes every command, and createOperation (dev_mode).

#include "handlers/Endpoints.h"

#include "mapping/Attendance.h"
#include "passway/Clock.h"
#include "passway/JsonText.h"
#include "wire/Reply.h"

#include <Poco/Logger.h>

#include <set>

namespace passway::henan {

namespace {

std::optional<Operation> operationFor(Services& s, const TerminalRequest& r, const std::string& cmd) {
    auto op = s.desk.inHand(r.device.id, r.code());
    if (!op || op->cmd != cmd) return std::nullopt;
    return op;
}

}  // namespace

net::HttpResponse getDeviceInfo(Services& s, const TerminalRequest& r) {
    r.code();
    const auto data = json::objectOr(r.param("data"));
    if (fieldText(*data, "faceNum").empty() || fieldText(*data, "fingerprintNum").empty()) {
        throw HenanError("未找到faceNum或fingerprintNum数据");
    }
    auto info = json::ordered();
    for (const char* key : {"version", "time", "UserCode", "faceNum", "fingerprintNum"}) {
        std::string value = fieldText(*data, key);
        if (value.size() > 4096) value.resize(4096);
        info->set(key, value);
    }
    auto reported = json::ordered();
    reported->set("henan", info);
    s.context.devices().mergeReported(r.device.id, json::text(reported));
    return Reply::ok(msg::kGot, data);
}

net::HttpResponse setTimeInfo(Services& s, const TerminalRequest& r) {
    r.code();
    auto data = json::ordered();
    data->set("serverTime", serverTime(s));
    return Reply::ok(msg::kGot, data);
}

net::HttpResponse reboot(Services& s, const TerminalRequest& r) {
    const auto op = operationFor(s, r, "reboot");
    if (!op) return Reply::ok(msg::kNoCommand);
    auto data = json::ordered();
    data->set("times", op->params.empty() ? "-1" : op->params);
    return Reply::ok(msg::kGot, data);
}

net::HttpResponse machineOperation(Services& s, const TerminalRequest& r) {
    const auto op = operationFor(s, r, "machineOperation");
    if (!op) return Reply::ok(msg::kNoCommand);
    return Reply::ok(msg::kDone, op->params);
}

net::HttpResponse callback(Services& s, const TerminalRequest& r) {
    const std::int64_t code = r.code();
    const auto data = json::objectOr(r.param("data"));
    const std::string success = fieldText(*data, "success");
    const bool ok = success.empty() || (success != "0" && success != "false");
    const auto op = s.desk.inHand(r.device.id, code);
    if (ok && op && op->cmd == "machineOperation") {
        // 0: the terminal left the project and deleted everyone it held.
        const auto params = json::objectOr(op->params);
        auto reported = json::ordered();
        reported->set("project", params->optValue<std::string>("name", ""));
        reported->set("projectBound", params->optValue<std::string>("operation", "") == "1");
        s.context.devices().mergeReported(r.device.id, json::text(reported));
        if (params->optValue<std::string>("operation", "") == "0") s.context.sync().cleared(r.device.id);
    }
    std::string result = r.param("data");
    if (result.size() > 4096) result.resize(4096);
    if (!s.desk.finish(r.device.id, r.serial, code, ok, result.empty() ? "{}" : result)) {
        s.context.logger().information("SN " + r.serial + ": callback for code " + std::to_string(code) +
                                       ", which is not in hand (finished before?)");
    }
    return Reply::ok(msg::kDone);
}

net::HttpResponse createOperation(Services& s, const TerminalRequest& r) {
    if (!s.config.devMode) throw HenanError(msg::kFailed, "/device/createOperation needs plugin.henan.dev_mode=true");
    static const std::set<std::string> known{"getDeviceInfo", "setTimeInfo",       "downloadUser", "deletePerson",
                                             "setAdmin",      "reboot",            "registrationModel",
                                             "machineOperation", "uploadAttendance", "uploadPersonPic"};
    const std::string cmd = r.param("cmd");
    if (!known.count(cmd)) throw HenanError(msg::kFailed, "unknown cmd '" + cmd.substr(0, 32) + "'");
    const Operation op = s.desk.create(r.device.id, cmd, r.param("params"));
    auto data = json::ordered();
    data->set("createtime", Attendance::formatTime(op.createdAt, s.config.utcOffsetMinutes).substr(0, 19));
    data->set("iocode", 0);
    data->set("ioparamkey", 0);
    data->set("failcount", s.config.failCount);
    data->set("sn", r.serial);
    data->set("cmd", cmd);
    data->set("id", op.code);
    data->set("category", 0);
    data->set("params", op.params);
    data->set("status", 0);
    return Reply::ok(msg::kDone, data);
}

}  // namespace passway::henan
