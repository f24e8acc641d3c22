// Update User Infor, Get Command and Device Command Error Logs: the polls a
// bridge makes for what the server wants of it, and its one way to report a
// failure.

#include "handlers/Endpoints.h"

#include "mapping/CommandEntry.h"
#include "mapping/ZkFields.h"
#include "passway/JsonText.h"
#include "wire/Answer.h"

#include <Poco/Logger.h>

namespace passway::attlog {

namespace {

constexpr std::size_t kMaxContent = 4096;

}  // namespace

net::HttpResponse updateUserInfo(Services& services, const BridgeRequest& request) {
    const auto echoed = zkInteger(*request.body, "timeStamp");
    return Answer::json(services.users.answer(request.device.id, request.serial, echoed));
}

net::HttpResponse getCommand(Services& services, const BridgeRequest& request) {
    return Answer::json(services.commands.answer(request.device.id, request.serial));
}

net::HttpResponse commandErrorLog(Services& services, const BridgeRequest& request) {
    const auto log = request.body->getObject("log_data");
    if (!log) throw ProtocolError(400, "log_data must be an object");
    std::string content = zkText(*log, "content").value_or("");
    if (content.size() > kMaxContent) content.resize(kMaxContent);
    auto result = json::ordered();
    result->set("type", zkText(*log, "type").value_or(""));
    result->set("content", content);
    if (const auto wTime = zkInteger(*log, "wTime")) result->set("wTime", *wTime);
    const std::string resultText = json::text(result);

    const std::string name = CommandEntry::nameInErrorContent(content);
    const std::int64_t deviceId = request.device.id;
    std::string outcome;
    if (services.commands.failed(deviceId, name, resultText)) {
        outcome = "failed the sent command " + name;
    } else if (services.users.failed(deviceId, "bridge error log: " + content)) {
        outcome = "failed the user changes handed out last; they go out again under a new timeStamp";
    } else {
        outcome = "matched nothing sent";
    }
    services.context.logger().warning("SN " + request.serial + " error log (" + name + "): " + outcome);
    auto reported = json::ordered();
    reported->set("lastErrorLog", result);
    services.context.devices().mergeReported(deviceId, json::text(reported));
    return Answer::ok(request.serial);
}

}  // namespace passway::attlog
