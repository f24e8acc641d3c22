#include "mqtt/DeviceTopics.h"

#include "passway/Clock.h"
#include "passway/HostError.h"
#include "passway/JsonText.h"
#include "handlers/Handlers.h"
#include "wire/Reply.h"
#include "wire/StatusCodes.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/StringTokenizer.h>

namespace passway::zjchilink {

namespace {

int permissionOn(Services& s, std::int64_t userId, Poco::JSON::Object::Ptr device) {
    if (intField(device, "user_id") == userId) return 7;
    int best = 0;
    for (const auto& a : s.docs.list("authorizations", [&](const auto& a) {
             return intField(a, "info_id") == intField(device, "id") && intField(a, "authorized_id") == userId;
         })) {
        best = std::max(best, static_cast<int>(intField(a, "perm")));
    }
    return best;
}

std::string alarmOf(const std::string& desc) {
    if (desc.find("撬锁") != std::string::npos) return "illegal";
    if (desc.find("胁迫") != std::string::npos || desc.find("劫持") != std::string::npos) return "duress";
    if (desc.find("低电量") != std::string::npos || desc.find("电量不足") != std::string::npos) return "lowBattery";
    if (desc.find("次数超限") != std::string::npos || desc.find("密码错误") != std::string::npos) return "password";
    return "lock";
}

}  // namespace

std::string lockStateOf(int status) {
    switch (status) {
        case code::kClosed:
            return "closed";
        case code::kNormallyOpen:
            return "normally_open";
        case code::kOpened:
            return "open";
        default:
            return {};
    }
}

std::string DeviceTopics::envelope(Poco::JSON::Object::Ptr device, int status, const std::string& desc) {
    auto msg = passway::json::ordered();
    msg->set("sn", "passway-" + std::to_string(++serial_));
    for (const char* key : {"id", "user_id", "create_time", "update_time", "category", "type_sub", "uuid", "title", "ver",
                            "icon", "body"}) {
        if (device->has(key)) msg->set(key, device->get(key));
    }
    msg->set("param", device->getObject("param") ? device->getObject("param") : passway::json::ordered());
    return Reply(status, msg, desc).json();
}

void DeviceTopics::publishState(Poco::JSON::Object::Ptr device, int status, const std::string& except) {
    const std::string payload = envelope(device, status);
    std::vector<std::int64_t> users{intField(device, "user_id")};
    for (const auto& a : s_.docs.list("authorizations", [&](const auto& a) { return intField(a, "info_id") == intField(device, "id"); })) {
        if (intField(a, "perm") >= 2) users.push_back(intField(a, "authorized_id"));
    }
    for (const auto id : users) {
        const auto account = s_.accounts.byId(id);
        if (!account || textField(account, "username") == except) continue;
        publish_(textField(account, "username") + "/" + textField(device, "category") + "/" + textField(device, "uuid") +
                     "/update",
                 payload);
    }
}

bool DeviceTopics::setLockState(Poco::JSON::Object::Ptr device, int status) {
    const std::string state = lockStateOf(status);
    auto param = device->getObject("param");
    if (state.empty() || textField(param, "lock_state") == state) return false;
    param->set("lock_state", state);
    device->set("update_time", localTime(nowMillis()));
    s_.docs.put("devices", device);
    auto reported = passway::json::ordered();
    reported->set("lock", state);
    s_.context.devices().mergeReported(intField(device, "passway_device_id"), passway::json::text(reported));
    return true;
}

void DeviceTopics::handle(const std::string& topic, const std::string& payload) {
    Poco::StringTokenizer parts(topic, "/");
    if (parts.count() != 4) return;
    const std::string username = parts[0], uuid = parts[2], exectype = parts[3];
    Poco::JSON::Object::Ptr envelope;
    try {
        const auto value = Poco::JSON::Parser().parse(payload);
        if (value.type() == typeid(Poco::JSON::Object::Ptr)) envelope = value.extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
    }
    if (!envelope) {
        s_.context.logger().warning("mqtt: " + topic + ": payload is not a JSON object; ignored");
        return;
    }
    const auto msg = envelope->getObject("msg");
    if (textField(msg, "sn").rfind("passway-", 0) == 0) return;  // our own publication, back from the broker
    std::lock_guard lock(s_.writes);
    const auto found = s_.docs.list("devices", [&](const auto& d) { return textField(d, "uuid") == uuid; });
    const auto account = s_.accounts.byUsername(username);
    if (found.empty() || !account) {
        s_.context.logger().information("mqtt: " + topic + ": unknown " + (found.empty() ? "device" : "user") + "; ignored");
        return;
    }
    const auto device = found.front();
    if (exectype == "control" || exectype == "set" || exectype == "query") {
        control(device, account, exectype, envelope);
        return;
    }
    if (permissionOn(s_, intField(account, "id"), device) < 3) {
        s_.context.logger().warning("mqtt: " + topic + ": " + username + " may not report for this device; ignored");
        return;
    }
    report(device, username, envelope);
}

void DeviceTopics::report(Poco::JSON::Object::Ptr device, const std::string& username,
                          const Poco::JSON::Object::Ptr& envelope) {
    const std::int64_t hostId = intField(device, "passway_device_id");
    const std::string uuid = textField(device, "uuid");
    const int status = static_cast<int>(intField(envelope, "status"));
    const auto msg = envelope->getObject("msg");
    const auto param = msg ? msg->getObject("param") : nullptr;
    s_.context.devices().online(hostId, uuid, "mqtt", nowMillis());
    if (param && param->has("battery")) {
        auto reported = passway::json::ordered();
        reported->set("battery", intField(param, "battery"));
        s_.context.devices().mergeReported(hostId, passway::json::text(reported));
    }
    if (status == code::kLockEvent) {
        DeviceAlarm alarm;
        alarm.alarm = alarmOf(textField(envelope, "desc"));
        alarm.source = "mqtt";
        alarm.event = textField(envelope, "desc");
        s_.context.devices().alarm(hostId, uuid, alarm);
        return;
    }
    if (status == code::kOpened && hasField(param, "keyid")) {
        const auto key = s_.docs.get("keys", intField(param, "keyid"));
        std::optional<std::uint32_t> person;
        if (key && intField(key, "info_id") == intField(device, "id") && hasField(key, "person_id")) {
            person = static_cast<std::uint32_t>(intField(key, "person_id"));
        }
        const std::string kind = key ? credentialKind(intField(key, "key_type")) : std::string();
        s_.canonical.openRecord(hostId, "mqtt-" + textField(msg, "sn", std::to_string(nowMillis())), person,
                                kind.empty() ? "fingerprint" : kind, nowMillis(), passway::json::text(envelope));
    }
    if (setLockState(device, status)) publishState(device, status, username);
}

void DeviceTopics::control(Poco::JSON::Object::Ptr device, const Poco::JSON::Object::Ptr& account,
                           const std::string& exectype, const Poco::JSON::Object::Ptr& envelope) {
    const std::string username = textField(account, "username");
    const std::string topic = username + "/" + textField(device, "category") + "/" + textField(device, "uuid") + "/update";
    const int level = permissionOn(s_, intField(account, "id"), device);
    const int needed = exectype == "query" ? 2 : exectype == "control" ? 3 : 4;
    if (level < needed) {
        s_.context.logger().warning("mqtt: " + exectype + " of " + textField(device, "uuid") + " by " + username +
                                    " refused: level " + std::to_string(level));
        auto refusal = passway::json::ordered();
        refusal->set("sn", "passway-" + std::to_string(++serial_));
        refusal->set("uuid", textField(device, "uuid"));
        publish_(topic, Reply(code::kMqttPermission, refusal, exectype + " needs level " + std::to_string(needed)).json());
        return;
    }
    const auto msg = envelope->getObject("msg");
    const auto param = msg ? msg->getObject("param") : nullptr;
    if (exectype == "query") {
        const int status = textField(device->getObject("param"), "lock_state") == "open" ? code::kOpened : code::kClosed;
        publish_(topic, this->envelope(device, status));
        return;
    }
    if (exectype == "set") {
        auto stored = device->getObject("param");
        const auto wanted = param ? param : passway::json::ordered();
        for (const auto& [key, value] : *wanted) {
            if (key != "id" && key != "info_id" && key != "lock_state") stored->set(key, value);
        }
        s_.docs.put("devices", device);
        publishState(device, code::kOpened);  // 200503: 设置信息成功
        return;
    }
    // control: param.operate 1 opens, 2 holds open, 0 closes.
    const std::int64_t operate = intField(param, "operate", 1);
    const int status = operate == 0 ? code::kClosed : operate == 2 ? code::kNormallyOpen : code::kOpened;
    s_.context.logger().information("mqtt: " + username + " controls " + textField(device, "uuid") + ": " + lockStateOf(status));
    setLockState(device, status);
    if (status == code::kOpened) {
        s_.canonical.openRecord(intField(device, "passway_device_id"), "remote-" + std::to_string(nowMillis()) + "-" + username,
                                s_.canonical.accountPerson(intField(account, "id")), "remote", nowMillis(),
                                passway::json::text(envelope));
    }
    publishState(device, status);
}

}  // namespace passway::zjchilink
