// The heartbeat (/device/getServer), which hands out the next command or,
// when it carries `data`, stores attendance; and /attendance/uploadAttendance
// (放弃维护 in the document, still answered). A terminal deletes what the
// server acknowledged, so the answer leaves only once the records are
// durable (RecordIngest returns after the group commit's sync).

#include "handlers/Endpoints.h"

#include "mapping/Attendance.h"
#include "passway/Clock.h"
#include "passway/JsonText.h"
#include "wire/Reply.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>

namespace passway::henan {

namespace {

Poco::JSON::Array::Ptr attendanceArray(const std::string& text) {
    try {
        const auto value = Poco::JSON::Parser().parse(text);
        if (value.type() == typeid(Poco::JSON::Array::Ptr)) return value.extract<Poco::JSON::Array::Ptr>();
    } catch (const std::exception&) {
    }
    throw HenanError(msg::kNoAttendanceFields, "data is not a JSON array of attendance");
}

// Stores the punches of `data`; an item that can never be stored (no
// userCode, a broken time) is logged and left out, so that it does not hold
// the terminal's good records back forever. Returns how many were new.
std::size_t storeAttendance(Services& s, const TerminalRequest& r, const std::string& data) {
    const auto items = attendanceArray(data);
    if (items->size() > static_cast<std::size_t>(s.config.maxAttendance)) {
        throw HenanError(msg::kFailed, std::to_string(items->size()) + " records in one request, more than " +
                                           std::to_string(s.config.maxAttendance));
    }
    auto& log = s.context.logger();
    std::vector<IngestItem> batch;
    std::size_t repeats = 0;
    for (unsigned i = 0; i < items->size(); ++i) {
        const auto item = items->getObject(i);
        if (!item) {
            log.warning("SN " + r.serial + ": data[" + std::to_string(i) + "] is not an object; left out");
            continue;
        }
        IngestItem ingest;
        try {
            ingest = Attendance::toItem(*item, r.device.id, s.config.utcOffsetMinutes);
        } catch (const std::invalid_argument& e) {
            log.warning("SN " + r.serial + ": data[" + std::to_string(i) + "] left out: " + e.what());
            continue;
        }
        const std::string userCode = fieldText(*item, "userCode");
        if (!s.punches.counts(r.device.id, userCode, ingest.record.deviceTime)) {
            ++repeats;
            continue;
        }
        s.punches.kept(r.device.id, userCode, ingest.record.deviceTime);
        batch.push_back(std::move(ingest));
    }
    std::size_t created = 0;
    if (!batch.empty()) {
        for (const auto& o : s.context.records().ingest(std::move(batch))) created += o.created ? 1 : 0;
    }
    log.debug("SN " + r.serial + ": " + std::to_string(items->size()) + " punch(es), " + std::to_string(created) +
              " new, " + std::to_string(repeats) + " repeat(s) within " + std::to_string(s.config.repeatWindowMs) +
              " ms dropped");
    return created;
}

Poco::JSON::Object::Ptr timing(const Services& s, const TerminalRequest& r) {
    auto data = json::ordered();
    data->set("ext", "");
    data->set("serverTime", serverTime(s));
    data->set("timeInterval", std::to_string(s.config.timeIntervalSeconds));
    data->set("attendanceTimeInterval", std::to_string(s.config.attendanceIntervalSeconds));
    data->set("title", s.config.title);
    if (r.version == "v2.1") {
        data->set("topLogUrl", s.config.topLogoUrl);
        data->set("bottomUrl", s.config.bottomLogoUrl);  // sic: the document's name
    } else {
        data->set("topLog", "");
        data->set("bottomLog", "");
    }
    return data;
}

}  // namespace

std::string serverTime(const Services& s) {
    const std::int64_t now = nowMillis();
    return std::to_string(s.config.serverTimeMillis ? now : now / 1000);
}

net::HttpResponse getServer(Services& s, const TerminalRequest& r) {
    auto data = timing(s, r);
    if (r.has("data") && !r.param("data").empty()) {
        storeAttendance(s, r, r.param("data"));
        return Reply::ok(msg::kDone, data);
    }
    const auto op = s.desk.next(r.device.id, r.serial);
    if (!op) return Reply::ok(msg::kNoCommand, data);
    data->set("cmd", op->cmd);
    data->set("code", std::to_string(op->code));
    if (op->cmd == "registrationModel") data->set("user_id", op->params);
    s.context.logger().debug("SN " + r.serial + ": handed out " + op->cmd + " (code " + std::to_string(op->code) + ")");
    return Reply::ok(msg::kGot, data);
}

net::HttpResponse uploadAttendance(Services& s, const TerminalRequest& r) {
    if (!r.has("data")) throw HenanError(msg::kNoAttendanceFields, "no data");
    storeAttendance(s, r, r.param("data"));
    return Reply::ok(msg::kDone);
}

}  // namespace passway::henan
