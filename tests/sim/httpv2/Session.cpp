#include "sim/httpv2/Session.h"

#include "sim/httpv2/PeopleSync.h"
#include "sim/httpv2/RemoteCommands.h"
#include "sim/httpv2/WorkSettings.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSONString.h>
#include <Poco/URI.h>

#include <ctime>
#include <map>
#include <utility>

namespace passway::sim::httpv2 {

namespace {

Poco::JSON::Object::Ptr object() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

bool flag(const Poco::JSON::Object::Ptr& reply, const char* name) {
    if (!reply->has(name)) return false;
    try {
        return reply->get(name).convert<int>() > 0;
    } catch (const Poco::Exception&) {
        return false;
    }
}

bool isLoopback(const std::string& host) {
    return host == "127.0.0.1" || host == "localhost" || host == "::1";
}

}  // namespace

Session::Session(const TerminalOptions& options, const WireFormat& wire, TerminalModel& model,
                 std::chrono::milliseconds interval)
    : options_(options),
      wire_(wire),
      model_(model),
      interval_(interval),
      connection_(options.host, options.port, options.timeout, options.tls) {
    connection_.setClient(options.localAddress, options.certificateFile, options.privateKeyFile);
}

SessionReport Session::run() {
    try {
        keepalive();
        report_.connected = true;
        if (!model_.settingsUploaded()) uploadSettings();
        while (!restarted_ && runNextStep()) keepaliveIfDue();
        if (!restarted_) {
            uploadRecords();
            uploadSystemRecords();
            pushPeople();
        }
    } catch (const SessionStopped&) {
        report_.stoppedByServer = true;
    } catch (const WireError& e) {
        report_.error = e.what();
    } catch (const Poco::Exception& e) {
        report_.error = "unexpected answer: " + e.displayText();
    }
    report_.restarted = restarted_;
    report_.connections = connection_.connects();
    connection_.close();  // nothing left to do: disconnect until the next keepalive
    return report_;
}

HttpResponse Session::call(const HttpRequest& request, const std::string& loggedJson) {
    CallRecord record;
    record.method = request.method;
    record.path = request.path;
    record.requestJson = loggedJson;
    HttpResponse response;
    try {
        response = connection_.exchange(request);
    } catch (const WireError& e) {
        record.error = e.what();
        record.connection = connection_.connects();
        model_.logCall(std::move(record));
        throw;
    }
    record.connection = connection_.connects();
    record.httpStatus = response.status;
    record.success = response.success();
    record.message = response.message();
    record.replyBody = response.body;
    lastStatus_ = record.httpStatus;
    lastSuccess_ = record.success;
    lastMessage_ = record.message;
    model_.logCall(record);
    report_.steps.push_back(request.path);
    if (response.status != 200) {
        throw SessionStopped(request.path + " answered HTTP " + std::to_string(response.status));
    }
    if (record.success == 401 || record.success == 403) {
        throw SessionStopped(request.path + " answered Success " + std::to_string(record.success));
    }
    return response;
}

HttpResponse Session::callJson(const std::string& path, const Poco::JSON::Object::Ptr& body) {
    const std::string text = WireFormat::stringify(body);
    return call(wire_.json(path, text), text);
}

std::string Session::keepaliveJson() const {
    const DoorState door = model_.door();
    std::string text = "{\"SN\":" + Poco::toJSON(options_.sn) + ",\"RelayStatus\":" + std::to_string(door.relayStatus) +
                       ",\"KeepOpenStatus\":" + std::to_string(door.keepOpenStatus) +
                       ",\"DoorSensorStatus\":" + std::to_string(door.doorSensorStatus) +
                       ",\"LockDoorStatus\":" + std::to_string(door.lockDoorStatus) +
                       ",\"AlarmStatus\":" + Poco::toJSON(door.alarmStatus);
    text += options_.keepaliveTrailingComma ? ",}" : "}";  // the document's example has the comma
    return text;
}

void Session::keepalive() {
    const std::string text = keepaliveJson();
    lastKeepalive_ = std::chrono::steady_clock::now();
    HttpResponse response;
    try {
        response = call(wire_.json("/Device/Keepalive", text), text);
    } catch (const SessionStopped&) {
        report_.keepaliveStatus = lastStatus_;
        report_.keepaliveSuccess = lastSuccess_;
        report_.keepaliveMessage = lastMessage_;
        throw;
    }
    report_.keepaliveStatus = response.status;
    report_.keepaliveSuccess = lastSuccess_;
    report_.keepaliveMessage = lastMessage_;
    // A keepalive answer other than Success 1: close and wait; no flag is acted on.
    if (report_.keepaliveSuccess != 1)
        throw SessionStopped("keepalive answered Success " + std::to_string(report_.keepaliveSuccess));
    const auto reply = response.json();
    if (!report_.keepaliveReply) report_.keepaliveReply = reply;
    flags_.uploadWorkParameter |= flag(reply, "UploadWorkParameter");
    flags_.remote |= flag(reply, "Remote");
    flags_.syncParameter |= flag(reply, "SyncParameter");
    flags_.deletePeople |= flag(reply, "DeletePeople");
    flags_.addPeople |= flag(reply, "AddPeople");
}

void Session::keepaliveIfDue() {
    if (std::chrono::steady_clock::now() - lastKeepalive_ >= interval_) keepalive();
}

bool Session::runNextStep() {
    enum class Step { UploadWorkParameter, Remote, SyncParameter, DeletePeople, AddPeople };
    // Keepalive section: UploadWorkParameter > Remote > SyncParameter > DeletePeople > AddPeople;
    // 调用流程 section: syncParameter > Remote > deletePeople > addPeople.
    static constexpr Step kKeepaliveOrder[] = {Step::UploadWorkParameter, Step::Remote, Step::SyncParameter,
                                               Step::DeletePeople, Step::AddPeople};
    static constexpr Step kCallFlowOrder[] = {Step::SyncParameter, Step::Remote, Step::UploadWorkParameter,
                                              Step::DeletePeople, Step::AddPeople};
    const auto& order = options_.callFlowPriority ? kCallFlowOrder : kKeepaliveOrder;
    for (const Step step : order) {
        switch (step) {
            case Step::UploadWorkParameter:
                if (!std::exchange(flags_.uploadWorkParameter, false)) continue;
                uploadSettings();
                return true;
            case Step::Remote:
                if (!std::exchange(flags_.remote, false)) continue;
                restarted_ = RemoteCommands(*this).run();
                return true;
            case Step::SyncParameter:
                if (!std::exchange(flags_.syncParameter, false)) continue;
                downloadSettings();
                return true;
            case Step::DeletePeople:
                if (!std::exchange(flags_.deletePeople, false)) continue;
                PeopleSync(*this).removePeople();
                return true;
            case Step::AddPeople:
                if (!std::exchange(flags_.addPeople, false)) continue;
                PeopleSync(*this).addPeople();
                return true;
        }
    }
    return false;
}

void Session::uploadSettings() {
    auto settings = model_.settings();
    const DoorState door = model_.door();
    settings->set("SystemTime", static_cast<Poco::Int64>(model_.clockNow()));
    settings->set("RelayStatus", door.relayStatus);
    settings->set("KeepOpenStatus", door.keepOpenStatus);
    settings->set("DoorSensorStatus", door.doorSensorStatus);
    settings->set("LockDoorStatus", door.lockDoorStatus);
    if (!door.alarmStatus.empty()) settings->set("AlarmStatus", door.alarmStatus);
    // What it holds, as a terminal counts it (a wipe shows here first).
    if (const auto storage = settings->getObject("PeopleStorageInfo")) {
        Poco::JSON::Object::Ptr counted = new Poco::JSON::Object(*storage);
        Poco::JSON::Object::Ptr person = new Poco::JSON::Object();
        if (const auto reported = storage->getObject("Person")) person = new Poco::JSON::Object(*reported);
        person->set("Current", static_cast<int>(model_.people().size()));
        counted->set("Person", person);
        settings->set("PeopleStorageInfo", counted);
    }
    const auto response = callJson("/Device/UploadWorkSetting", settings);
    if (response.success() == 1) model_.setSettingsUploaded(true);
}

void Session::downloadSettings() {
    auto body = object();
    body->set("SN", options_.sn);
    const auto response = callJson("/Device/DownloadWorkSetting", body);
    if (response.success() != 1) return;
    auto wanted = object();
    const auto reply = response.json();
    if (reply->has("SystemTime")) {
        // The server's time: the terminal sets its clock to it.
        try {
            const auto serverTime = reply->getValue<std::int64_t>("SystemTime");
            model_.setClockOffset(serverTime - static_cast<std::int64_t>(std::time(nullptr)));
            model_.logCommand({"SystemTime", std::to_string(serverTime), "clock set"});
        } catch (const Poco::Exception&) {
        }
    }
    for (const auto& [key, value] : *reply) {
        if (!WorkSettings::isReadOnly(key)) wanted->set(key, value);
    }
    const int changed = model_.applySettings(wanted);
    model_.logCommand({"SyncParameter", WireFormat::stringify(wanted), std::to_string(changed) + " settings changed"});
    // 设备属性变化时会再次上传: a changed terminal uploads its settings again.
    if (changed > 0) uploadSettings();
}

void Session::uploadRecords() {
    for (const auto& record : model_.pendingRecords()) {
        const HttpRequest request = wire_.record("/Record/UploadIdentifyRecord", options_.sn, record);
        const auto response = call(request, WireFormat::recordDetail(record));
        if (response.success() != 1) return;  // kept; retried in a later session
        model_.markUploaded(record.recordId);
        ++report_.recordsUploaded;
        keepaliveIfDue();
    }
}

void Session::uploadSystemRecords() {
    std::map<int, std::vector<SystemRecord>> byKind;
    for (const auto& r : model_.pendingSystemRecords()) byKind[r.kind].push_back(r);
    for (const auto& [kind, records] : byKind) {
        auto body = object();
        body->set("SN", options_.sn);
        body->set("RecordType", kind);
        Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
        std::vector<std::uint64_t> ids;
        for (const auto& r : records) {
            auto item = object();
            item->set("RecordID", static_cast<Poco::UInt64>(r.recordId));
            item->set("RecordType", r.recordType);
            item->set("RecordDate", static_cast<Poco::Int64>(r.recordDate));
            list->add(item);
            ids.push_back(r.recordId);
        }
        body->set("Records", list);
        if (callJson("/Record/UploadSystemRecord", body).success() != 1) return;
        model_.markSystemUploaded(ids);
    }
}

void Session::pushPeople() {
    for (const auto& [userId, pushType] : model_.takePushes()) {
        const auto person = model_.person(userId);
        Poco::JSON::Object::Ptr detail = person ? person->detail : nullptr;
        const std::string photo = person ? person->photo : "";
        const HttpRequest request = wire_.pushPeople(options_.sn, pushType, std::to_string(userId), detail, photo);
        call(request, detail ? WireFormat::stringify(detail) : "");
    }
}

bool Session::sameServer(const std::string& host, std::uint16_t port) const {
    if (port != options_.port) return false;
    return host == options_.host || (isLoopback(host) && isLoopback(options_.host));
}

HttpResponse Session::download(const std::string& url) {
    CallRecord record;
    record.method = "GET";
    record.path = url;
    HttpResponse response;
    try {
        const Poco::URI uri(url);
        const bool https = uri.getScheme() == "https";
        if (!https && uri.getScheme() != "http") throw WireError("not an http(s) URL: " + url);
        if (https == options_.tls && sameServer(uri.getHost(), uri.getPort())) {
            response = connection_.exchange(wire_.get(uri.getPathEtc()));
            record.connection = connection_.connects();
        } else {
            HttpConnection other(uri.getHost(), uri.getPort(), options_.timeout, https);
            response = other.exchange(wire_.get(uri.getPathEtc()));
        }
    } catch (const std::exception& e) {  // WireError, Poco::SyntaxException
        record.error = e.what();
        model_.logCall(std::move(record));
        response = HttpResponse{};
        return response;
    }
    record.httpStatus = response.status;
    record.replyBody =
        response.body.size() <= 256 ? response.body : "<" + std::to_string(response.body.size()) + " bytes>";
    model_.logCall(std::move(record));
    report_.steps.push_back("GET " + url);
    return response;
}

}  // namespace passway::sim::httpv2
