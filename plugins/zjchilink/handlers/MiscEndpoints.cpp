// 2.6 SMS alarm, 2.9 messages (an "*_unlock" message is the lock's open
// event: a canonical record), 2.12 versions, 2.13 timestamp, feedback, 2.15 share.

#include "handlers/Handlers.h"

#include "passway/Clock.h"
#include "passway/HostError.h"
#include "passway/JsonText.h"
#include "wire/StatusCodes.h"

#include <Poco/Base64Decoder.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Logger.h>
#include <Poco/Timezone.h>

#include <sstream>

namespace passway::zjchilink {

namespace {

// "fingerprint_unlock" -> "fingerprint"; empty when the flag is no open event.
std::string openVerifyType(const std::string& flag) {
    const std::string suffix = "_unlock";
    if (flag.size() <= suffix.size() || flag.compare(flag.size() - suffix.size(), suffix.size(), suffix) != 0) return {};
    const std::string how = flag.substr(0, flag.size() - suffix.size());
    if (how == "fingerprint" || how == "password" || how == "card" || how == "face") return how;
    return how == "temp_password" || how == "temporary_password" ? "password" : "remote";
}

std::int64_t timeOr(const std::string& text, std::int64_t fallback) {
    Poco::DateTime dt;
    int tzd = 0;
    if (text.empty() || !Poco::DateTimeParser::tryParse("%Y-%m-%d %H:%M:%S", text, dt, tzd)) return fallback;
    return dt.timestamp().epochMicroseconds() / 1000 - Poco::Timezone::tzd() * 1000LL;
}

Reply createMessage(Services& s, Call& call) {
    const auto data = call.data();
    if (!data) throw ApiError(code::kParams, "data is required");
    const auto device = deviceOr(s, intField(data, "info_id"));
    requirePermission(s, call, device, 2);
    const std::string type = textField(data, "message_type"), flag = textField(data, "flag");
    const std::int64_t level = intField(data, "level", 1);
    if (type.empty() || flag.empty() || type.size() > 64 || flag.size() > 64 || level < 1 || level > 3) {
        throw ApiError(code::kParams, "message_type and flag are required, level is 1..3");
    }
    const std::int64_t now = nowMillis(), occurred = timeOr(textField(data, "occur_time"), now);
    Poco::JSON::Object::Ptr key = hasField(data, "key_id") ? s.docs.get("keys", intField(data, "key_id")) : nullptr;
    if (key && intField(key, "info_id") != intField(device, "id")) key = nullptr;
    const std::string verify = openVerifyType(flag);
    auto m = passway::json::ordered();
    m->set("user_id", call.userId());
    m->set("info_id", intField(device, "id"));
    m->set("category", textField(device, "category"));
    m->set("level", level);
    m->set("message_type", type);
    m->set("flag", flag);
    m->set("created_time", localTime(now));
    m->set("occur_time", localTime(occurred));
    m->set("content", verify.empty() ? flag : (key ? textField(key, "title") : std::string("您有家人")) + " " + flag);
    m = s.docs.create("messages", m);
    if (!verify.empty()) {
        std::optional<std::uint32_t> person;
        if (key && hasField(key, "person_id")) person = static_cast<std::uint32_t>(intField(key, "person_id"));
        try {
            s.canonical.openRecord(intField(device, "passway_device_id"), "msg-" + std::to_string(intField(m, "id")), person,
                                   verify, occurred, passway::json::text(m));
        } catch (const HostError& e) {
            s.docs.remove("messages", intField(m, "id"));
            s.context.logger().error("open event of " + textField(device, "uuid") + " not stored: " + e.what());
            throw ApiError(code::kServerError, "the event cannot be stored now; send it again");
        }
    }
    return Reply(code::kMessageCreated, dataMsg(m));
}

bool messageMatches(const Poco::JSON::Object::Ptr& m, const Call& call) {
    for (const char* key : {"info_id", "category", "level"}) {
        if (call.query.count(key) && textField(m, key) != call.param(key)) return false;
    }
    const std::int64_t level = intField(m, "level");
    if (call.query.count("level_gte") && level < std::atoll(call.param("level_gte").c_str())) return false;
    if (call.query.count("level_lte") && level > std::atoll(call.param("level_lte").c_str())) return false;
    const std::string date = textField(m, "occur_time").substr(0, 10);
    if (call.query.count("date_gte") && date < call.param("date_gte").substr(0, 10)) return false;
    if (call.query.count("date_lte") && date > call.param("date_lte").substr(0, 10)) return false;
    return true;
}

std::string sendText(Services& s, const std::string& to, const std::string& text, const std::string& what) {
    if (!s.context.sms().available()) throw ApiError(code::kServerError, "no SMS gateway is configured");
    try {
        return std::to_string(s.context.sms().send(to, text));
    } catch (const HostError& e) {
        s.context.logger().warning(what + " SMS to " + to + " not queued: " + e.what());
        throw ApiError(e.kind() == HostError::Kind::Invalid ? code::kParams : code::kServerError, e.what());
    }
}

}  // namespace

Reply messages(Services& s, Call& call) {
    if (call.method == "POST" && !call.id) return createMessage(s, call);
    const auto visible = [&](const Poco::JSON::Object::Ptr& m) {
        const auto device = s.docs.get("devices", intField(m, "info_id"));
        return intField(m, "user_id") == call.userId() || (device && permissionOf(s, call.userId(), device) >= 2);
    };
    if (call.method == "GET" && !call.id) {
        std::vector<Poco::JSON::Object::Ptr> found;
        for (const auto& m : s.docs.list("messages")) {
            if (visible(m) && messageMatches(m, call)) found.push_back(m);
        }
        return Reply(code::kMessageList, pagedMsg(found, call));
    }
    auto m = call.id ? s.docs.get("messages", call.id) : nullptr;
    if (!m || !visible(m)) throw ApiError(code::kForbidden, "not your message");
    if (call.method == "GET") return Reply(code::kMessage, dataMsg(m));
    if (call.method == "DELETE") {
        s.docs.remove("messages", call.id);
        return Reply(code::kMessageDeleted, dataMsg(m));
    }
    throw ApiError(code::kForbidden, call.method + " is not served here");
}

Reply smsAlarm(Services& s, Call& call) {
    const auto data = call.data();
    const std::string type = textField(data, "msg_type"), uuid = textField(data, "device"),
                      receiver = textField(data, "receiver"), name = textField(data, "name").substr(0, 32);
    if (type != "illegalunlock" && type != "hijack" && type != "temperary_authrization") {
        throw ApiError(code::kParams, "msg_type must be illegalunlock, hijack or temperary_authrization");
    }
    const auto found = s.docs.list("devices", [&](const auto& d) { return textField(d, "uuid") == uuid; });
    if (found.empty()) throw ApiError(code::kDeviceMissing, "no device " + uuid);
    requirePermission(s, call, found.front(), 2);
    if (!Accounts::validPhone(receiver)) throw ApiError(code::kParams, "receiver must be a phone number");
    if (s.codes.issue("alarm:" + uuid, receiver, nowMillis()).empty()) {
        throw ApiError(code::kParams, "an alarm went to this number less than " +
                                          std::to_string(s.config.smsIntervalSeconds) + " s ago");
    }
    const std::string what = type == "hijack" ? "劫持报警" : type == "illegalunlock" ? "撬锁报警" : "临时授权";
    const std::string id = sendText(s, receiver, name + " " + textField(found.front(), "title") + ": " + what, "alarm");
    if (type != "temperary_authrization") {
        DeviceAlarm alarm;
        alarm.alarm = type == "hijack" ? "duress" : "illegal";
        alarm.source = "sms_alarm";
        alarm.event = type;
        s.context.devices().alarm(intField(found.front(), "passway_device_id"), uuid, alarm);
    }
    auto msg = pagedMsg({}, call);
    msg->set("data", "outbox-" + id);
    auto page = msg->getObject("page");
    page->set("page_pieces", 1);
    page->set("total_pieces", 1);
    return Reply(code::kDevice, msg);
}

Reply versions(Services& s, Call& call) {
    // No release is published on premises: the lists are empty (README).
    if (call.rest.rfind("latest", 0) == 0) return Reply(code::kVersionLatest, dataMsg(Poco::Dynamic::Var()));
    return Reply(code::kVersionList, pagedMsg({}, call));
}

Reply timestamp(Services&, Call&) {
    auto data = passway::json::ordered();
    data->set("timestamp", nowMillis() / 1000);
    return Reply(code::kTimestamp, dataMsg(data));
}

Reply feedback(Services& s, Call& call) {
    const auto data = call.data();
    const std::int64_t category = intField(data, "category", 0);
    const std::string content = textField(data, "content");
    if (category < 1 || category > 11 || content.empty() || content.size() > 4000) {
        throw ApiError(code::kParams, "category (1..11) and content (at most 4000 bytes) are required");
    }
    Poco::JSON::Array::Ptr stored(new Poco::JSON::Array);
    if (const auto images = data->getArray("images")) {
        if (images->size() > 4) throw ApiError(code::kParams, "at most 4 images");
        for (unsigned i = 0; i < images->size(); ++i) {
            const auto image = images->getObject(i);
            std::istringstream in(textField(image, "code"));
            Poco::Base64Decoder decoder(in);
            std::string bytes;
            try {
                bytes.assign(std::istreambuf_iterator<char>(decoder), {});
            } catch (const std::exception&) {
                throw ApiError(code::kParams, "image " + std::to_string(i) + " is not base64");
            }
            if (bytes.empty() || bytes.size() > 2097152) throw ApiError(code::kParams, "an image is 1 byte to 2 MiB");
            stored->add("blob:" + s.context.blobs().put(bytes));
        }
    }
    auto f = passway::json::ordered();
    f->set("category", category);
    f->set("contact", textField(data, "contact").substr(0, 64));
    f->set("content", content);
    f->set("images", stored);
    f->set("created_time", localTime(nowMillis()).substr(0, 10));
    f->set("user_id", call.userId());
    f = s.docs.create("feedback", f);
    s.context.logger().information("feedback " + std::to_string(intField(f, "id")) + " from app user " +
                                   textField(call.user, "username"));
    return Reply(code::kFeedback, dataMsg(f));
}

Reply share(Services& s, Call& call) {
    const auto data = call.data();
    const std::string receiver = textField(data, "receiver"), platform = textField(data, "platform");
    if (!Accounts::validPhone(receiver) || (platform != "ios" && platform != "android")) {
        throw ApiError(code::kParams, "receiver (a phone number) and platform (ios/android) are required");
    }
    if (s.codes.issue("share:" + std::to_string(call.userId()), receiver, nowMillis()).empty()) {
        throw ApiError(code::kParams, "shared with this number less than " + std::to_string(s.config.smsIntervalSeconds) + " s ago");
    }
    sendText(s, receiver, textField(call.user, "username") + " invites you to the lock app (" + platform + ")", "share");
    return Reply(code::kShared, dataMsg("send success"));
}

}  // namespace passway::zjchilink
