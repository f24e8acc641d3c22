#include "uplink/Uplink.h"

#include "mapping/Attendance.h"
#include "passway/Clock.h"
#include "passway/HostError.h"
#include "passway/JsonText.h"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

#include <cstdio>
#include <map>
#include <sstream>

namespace passway::henan {

namespace {

constexpr std::int64_t kReportEveryMs = 5000;
constexpr std::size_t kMaxPhotoFetch = 4u << 20;

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder << bytes;
    encoder.close();
    return out.str();
}

}  // namespace

Uplink::Uplink(PluginContext& context, UplinkConfig config, int utcOffsetMinutes)
    : context_(context), config_(std::move(config)), utcOffsetMinutes_(utcOffsetMinutes), client_(config_) {}

Uplink::~Uplink() { stop(); }

void Uplink::start() {
    deviceId_ = context_.devices().obtain("uplink-" + config_.name).id;
    context_.subscribeDurable("uplink-" + config_.name, "record.created", [this](const Event& e) { deliver(e); });
    thread_ = std::thread([this] { heartbeatLoop(); });
    context_.onLeadership([this](bool leading) { lead(leading); });
    context_.logger().information("uplink " + config_.name + ": sn " + config_.sn + " to " + config_.url + " (appid " +
                                  config_.appid + ", version " + config_.version + ")");
}

void Uplink::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) thread_.join();
}

void Uplink::report(const std::string& error) {
    const std::int64_t now = nowMillis();
    auto status = json::ordered();
    {
        std::lock_guard lock(statusMutex_);
        if (!error.empty()) {
            lastError_ = error;
            lastErrorAt_ = now;
        }
        const std::string shown = error.empty() ? "" : error;
        if (shown == reportedError_ && now - reportedAt_ < kReportEveryMs) return;
        reportedError_ = shown;
        reportedAt_ = now;
        status->set("url", config_.url);
        status->set("sn", config_.sn);
        status->set("uploaded", uploaded_);
        status->set("lastUploadedRecordId", lastUploadedRecord_);
        status->set("lagMs", lagMs_);
        status->set("lastAckAt", lastAckAt_);
        status->set("failing", !error.empty());
        status->set("lastError", lastError_);
        status->set("lastErrorAt", lastErrorAt_);
    }
    auto reported = json::ordered();
    reported->set("uplink", status);
    try {
        context_.devices().mergeReported(deviceId_, json::text(reported));
    } catch (const std::exception& e) {
        context_.logger().warning("uplink " + config_.name + ": cannot store its status: " + e.what());
    }
}

void Uplink::deliver(const Event& event) {
    const auto record = json::objectOr(event.payload);
    const auto userId = record->get("userId");
    const std::int64_t recordId = record->optValue<Poco::Int64>("id", 0);
    if (userId.isEmpty() || record->optValue<std::string>("result", "pass") != "pass") return;  // nothing to report
    const std::string verifyType = record->optValue<std::string>("verifyType", "");
    auto item = json::ordered();
    item->set("userCode", userId.convert<std::string>());
    item->set("time", Attendance::formatTime(record->optValue<Poco::Int64>("deviceTime", 0), utcOffsetMinutes_));
    item->set("type", Attendance::typeOf(verifyType));
    std::string pic;
    const std::string photo = record->optValue<std::string>("photo", "");
    if (item->getValue<std::string>("type") == "face" && !photo.empty()) {
        if (const auto bytes = context_.blobs().get(photo)) pic = base64(*bytes);
    }
    item->set("pic", pic);
    const auto temperature = record->get("temperature");
    char text[16] = "0";
    if (!temperature.isEmpty()) std::snprintf(text, sizeof text, "%.1f", temperature.convert<double>());
    item->set("temperature", std::string(text));
    Poco::JSON::Array::Ptr data = new Poco::JSON::Array();
    data->add(item);

    std::string error;
    try {
        const auto answer = client_.post("/device/getServer", {{"data", json::text(data)}});
        if (!answer.success) error = "the platform refused record " + std::to_string(recordId) + ": " + answer.message;
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (!error.empty()) {
        report(error);
        throw DeliveryDeferred(error, std::chrono::seconds(config_.retrySeconds));
    }
    {
        std::lock_guard lock(statusMutex_);
        lastUploadedRecord_ = recordId;
        lagMs_ = nowMillis() - record->optValue<Poco::Int64>("receivedTime", event.at);
        lastAckAt_ = nowMillis();
        ++uploaded_;
    }
    report("");
}

void Uplink::lead(bool leading) {
    {
        std::lock_guard lock(mutex_);
        if (roleKnown_ && leading == leading_) return;
        roleKnown_ = true;
        leading_ = leading;
    }
    wake_.notify_all();
    context_.logger().information("uplink " + config_.name + ": heartbeats and platform commands " +
                                  (leading ? "run here (this host leads)" : "are the cluster leader's, not here"));
}

void Uplink::heartbeatLoop() {
    while (true) {
        {
            // A heartbeat in hand when leadership moves finishes; the next waits for leading again.
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || leading_; });
            if (stopping_) return;
        }
        try {
            heartbeat();
        } catch (const std::exception& e) {
            context_.logger().warning("uplink " + config_.name + ": heartbeat failed: " + e.what());
            report(e.what());
        }
        std::unique_lock lock(mutex_);
        const int seconds = config_.heartbeatSeconds > 0 ? config_.heartbeatSeconds : intervalSeconds_;
        if (wake_.wait_for(lock, std::chrono::seconds(seconds), [this] { return stopping_; })) return;
    }
}

void Uplink::heartbeat() {
    const auto answer = client_.post("/device/getServer", {});
    if (!answer.success) throw std::runtime_error("the platform refused the heartbeat: " + answer.message);
    const auto decoded = answer.decodedData();
    if (decoded.type() != typeid(Poco::JSON::Object::Ptr)) return;
    const auto data = decoded.extract<Poco::JSON::Object::Ptr>();
    const std::string interval = fieldText(*data, "timeInterval");
    try {
        const int seconds = std::stoi(interval);
        if (seconds >= 1 && seconds <= 3600) {
            std::lock_guard lock(mutex_);
            intervalSeconds_ = seconds;
        }
    } catch (const std::exception&) {
        // No interval: keep the last one.
    }
    const std::string cmd = fieldText(*data, "cmd");
    if (!cmd.empty()) execute(cmd, fieldText(*data, "code"), *data);
}

void Uplink::execute(const std::string& cmd, const std::string& code, const Poco::JSON::Object& /*data*/) {
    context_.logger().information("uplink " + config_.name + ": platform command " + cmd + " (code " + code + ")");
    bool ok = true;
    std::string message = "操作成功";
    try {
        if (cmd == "downloadUser") {
            message = downloadUsers(code);
        } else if (cmd == "setAdmin") {
            message = setAdmin(code);
        } else if (cmd == "getDeviceInfo") {
            auto info = json::ordered();
            info->set("fingerprintNum", 0);
            info->set("faceNum", 0);
            info->set("version", "passway");
            info->set("UserCode", "");
            info->set("time", std::to_string(nowMillis()));
            client_.post("/device/getDeviceInfo", {{"code", code}, {"data", json::text(info)}});
        } else if (cmd == "setTimeInfo" || cmd == "reboot" || cmd == "deletePerson" || cmd == "machineOperation") {
            static const std::map<std::string, std::string> paths{{"setTimeInfo", "/device/setTimeInfo"},
                                                                  {"reboot", "/device/reboot"},
                                                                  {"deletePerson", "/person/deletePerson"},
                                                                  {"machineOperation", "/device/machineOperation"}};
            const auto answer = client_.post(paths.at(cmd), {{"code", code}});
            if (cmd == "deletePerson") {
                // The SDK lets no plugin delete persons: removal stays an operator's decision.
                ok = false;
                message = "Passway keeps its persons; an operator removes them";
                context_.logger().warning("uplink " + config_.name + ": the platform asked to delete persons; " +
                                          message);
            } else if (cmd == "machineOperation") {
                auto reported = json::ordered();
                const auto project = answer.decodedData();
                if (project.type() == typeid(Poco::JSON::Object::Ptr)) {
                    reported->set("platformProject", project.extract<Poco::JSON::Object::Ptr>());
                }
                context_.devices().mergeReported(deviceId_, json::text(reported));
            }
            // setTimeInfo: the host's clock is the site's (NTP), not the platform's; reboot: nothing to restart.
        } else {
            ok = false;
            message = "Passway has no " + cmd.substr(0, 32);
        }
    } catch (const std::exception& e) {
        ok = false;
        message = e.what();
    }
    callback(code, ok, message);
}

std::string Uplink::downloadUsers(const std::string& code) {
    const auto answer = client_.post("/person/downloadPersonData", {{"code", code}});
    const auto decoded = answer.decodedData();
    if (decoded.type() != typeid(Poco::JSON::Array::Ptr)) return "no persons";
    const auto list = decoded.extract<Poco::JSON::Array::Ptr>();
    if (config_.persons == "ignore") return "操作成功";
    const auto policy = config_.persons == "create_only" ? PersonIntakePolicy::CreateOnly : PersonIntakePolicy::Upsert;
    int stored = 0;
    for (unsigned i = 0; i < list->size(); ++i) {
        const auto entry = list->getObject(i);
        if (!entry) continue;
        std::uint32_t userId = 0;
        try {
            userId = static_cast<std::uint32_t>(std::stoul(fieldText(*entry, "userCode")));
        } catch (const std::exception&) {
            continue;
        }
        std::string photo;
        if (const std::string pic = fieldText(*entry, "pic"); !pic.empty()) {
            photo = decodeBase64(pic);
        } else if (const std::string url = fieldText(*entry, "picUrl"); !url.empty()) {
            photo = client_.fetch(url, kMaxPhotoFetch);
        }
        const std::string blob = photo.empty() ? std::string() : context_.blobs().put(photo);
        const std::string name = fieldText(*entry, "name");
        const auto outcome = context_.persons().intake(
            deviceId_, userId,
            [&](Person& p) {
                if (!name.empty()) p.name = name;
                if (!blob.empty()) p.photoBlob = blob;
            },
            policy);
        stored += outcome.stored ? 1 : 0;
    }
    return "操作成功 " + std::to_string(stored) + "/" + std::to_string(list->size());
}

std::string Uplink::setAdmin(const std::string& code) {
    const auto answer = client_.post("/person/setAdmin", {{"code", code}});
    const auto decoded = answer.decodedData();
    if (decoded.type() != typeid(Poco::JSON::Object::Ptr)) throw std::runtime_error("setAdmin without data");
    const auto data = decoded.extract<Poco::JSON::Object::Ptr>();
    const std::string role = fieldText(*data, "privilege") == "MANAGER" ? "admin" : "normal";
    std::istringstream ids(fieldText(*data, "userCode"));
    std::string id;
    while (std::getline(ids, id, ',')) {
        try {
            context_.persons().intake(deviceId_, static_cast<std::uint32_t>(std::stoul(id)),
                                      [&](Person& p) { p.role = role; }, PersonIntakePolicy::Requested);
        } catch (const std::invalid_argument&) {
        }
    }
    return "操作成功";
}

void Uplink::callback(const std::string& code, bool success, const std::string& message) {
    auto data = json::ordered();
    data->set("msg", message);
    data->set("success", success ? 1 : 0);
    try {
        client_.post("/device/callback", {{"code", code}, {"data", json::text(data)}});
    } catch (const std::exception& e) {
        context_.logger().warning("uplink " + config_.name + ": callback of code " + code + " failed: " + e.what());
    }
}

}  // namespace passway::henan
