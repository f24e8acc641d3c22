#include "admin/resources/AttendanceResource.h"

#include "admin/csv/CsvWriter.h"
#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"
#include "admin/resources/AttendanceRows.h"
#include "store/Store.h"

#include <sstream>

namespace passway::admin {

namespace {

constexpr std::int64_t kMaxRangeMs = 366LL * 86400000;
constexpr int kMaxPersonDays = 20000;

Poco::JSON::Object::Ptr shiftJson(const Shift& shift) {
    auto item = json::object();
    item->set("department", shift.department);
    item->set("start", clockText(shift.startMinute));
    item->set("end", clockText(shift.endMinute));
    item->set("graceMinutes", shift.graceMinutes);
    return item;
}

std::string hoursText(double hours) {
    std::ostringstream out;
    out << hours;
    return out.str();
}

} // namespace

void AttendanceResource::install(Router& router) {
    router.get("/api/v1/attendance", Role::Viewer, [this](RequestContext& c) { return list(c); });
    router.get("/api/v1/attendance/export.csv", Role::Viewer, [this](RequestContext& c) { return exportCsv(c); });
    router.get("/api/v1/attendance/shifts", Role::Viewer, [this](RequestContext& c) { return shifts(c); });
    router.write("PUT", "/api/v1/attendance/shifts", Role::Operator, {"attendance.shift", "shift"},
                 [this](RequestContext& c) { return saveShift(c); });
    router.get("/api/v1/records/per-day", Role::Viewer, [this](RequestContext& c) { return perDay(c); });
}

AttendanceQuery AttendanceResource::filters(const RequestContext& ctx) const {
    AttendanceQuery query;
    const auto from = ctx.queryInt("from", 0, INT64_MAX);
    const auto to = ctx.queryInt("to", 0, INT64_MAX);
    if (!from) throw ApiError::invalid("from", "is required (unix ms)");
    if (!to) throw ApiError::invalid("to", "is required (unix ms)");
    if (*to <= *from) throw ApiError::invalid("to", "must be after from");
    if (*to - *from > kMaxRangeMs) throw ApiError::invalid("to", "the range may span 366 days at most");
    query.from = *from;
    query.to = *to;
    query.utcOffsetMinutes = static_cast<int>(ctx.queryInt("tz", -14 * 60, 14 * 60).value_or(0));
    query.department = ctx.query("department").value_or("");
    if (query.department.size() > 200) throw ApiError::invalid("department", "is longer than 200 characters");
    query.limit = kMaxPersonDays + 1;
    return query;
}

Reply AttendanceResource::list(RequestContext& ctx) {
    const AttendanceQuery query = filters(ctx);
    Store& store = services_.store;
    auto days = store.attendance().personDays(query);
    const bool truncated = static_cast<int>(days.size()) > kMaxPersonDays;
    if (truncated) days.resize(kMaxPersonDays);
    const auto rows = judgeAttendance(days, query.utcOffsetMinutes,
                                      [&store](const std::string& d) { return store.attendance().shiftFor(d); });
    auto items = json::array();
    for (const auto& row : rows) {
        auto item = json::object();
        item->set("userId", row.day.userId);
        item->set("name", row.day.name);
        item->set("department", row.day.department);
        item->set("date", row.date);
        item->set("firstIn", row.day.firstPunch);
        item->set("lastOut", row.lastOut ? Poco::Dynamic::Var(*row.lastOut) : Poco::Dynamic::Var());
        item->set("hours", row.hours);
        item->set("punches", row.day.punches);
        item->set("lateMinutes", row.lateMinutes);
        item->set("earlyMinutes", row.earlyMinutes);
        item->set("shift", shiftJson(row.shift));
        items->add(item);
    }
    auto body = json::object();
    body->set("items", items);
    body->set("truncated", truncated);
    return Reply::json(body);
}

Reply AttendanceResource::exportCsv(RequestContext& ctx) {
    const AttendanceQuery query = filters(ctx);
    Store& store = services_.store;
    auto days = store.attendance().personDays(query);
    if (static_cast<int>(days.size()) > kMaxPersonDays) days.resize(kMaxPersonDays);
    const auto rows = judgeAttendance(days, query.utcOffsetMinutes,
                                      [&store](const std::string& d) { return store.attendance().shiftFor(d); });
    const int offset = query.utcOffsetMinutes;
    const auto local = [offset](std::int64_t millis) {
        return clockText(static_cast<int>((((millis + std::int64_t(offset) * 60000) % 86400000) + 86400000) % 86400000 / 60000));
    };
    return Reply::streamed("text/csv; charset=utf-8",
                           [rows, local](std::ostream& out) {
                               CsvWriter writer(out);
                               writer.writeRow({"date", "userId", "name", "department", "firstIn", "lastOut", "hours",
                                                "punches", "lateMinutes", "earlyMinutes", "shift"});
                               for (const auto& r : rows) {
                                   writer.writeRow({r.date, std::to_string(r.day.userId), r.day.name, r.day.department,
                                                    local(r.day.firstPunch), r.lastOut ? local(*r.lastOut) : "",
                                                    hoursText(r.hours), std::to_string(r.day.punches),
                                                    std::to_string(r.lateMinutes), std::to_string(r.earlyMinutes),
                                                    clockText(r.shift.startMinute) + "-" + clockText(r.shift.endMinute)});
                               }
                           })
        .header("Content-Disposition", "attachment; filename=\"attendance.csv\"");
}

Reply AttendanceResource::shifts(RequestContext&) {
    auto items = json::array();
    for (const auto& shift : services_.store.attendance().shifts()) items->add(shiftJson(shift));
    auto body = json::object();
    body->set("items", items);
    return Reply::json(body);
}

Reply AttendanceResource::saveShift(RequestContext& ctx) {
    const JsonFields fields(ctx.jsonBody());
    fields.rejectUnknown({"department", "start", "end", "graceMinutes"});
    Shift shift;
    shift.department = fields.string("department", 200).value_or("");
    const auto start = parseClock(fields.requiredString("start", 5));
    const auto end = parseClock(fields.requiredString("end", 5));
    if (!start) throw ApiError::invalid("start", "must be a time of day as HH:MM");
    if (!end) throw ApiError::invalid("end", "must be a time of day as HH:MM");
    if (*end <= *start) throw ApiError::invalid("end", "must be after start (shifts over midnight are not supported)");
    shift.startMinute = *start;
    shift.endMinute = *end;
    shift.graceMinutes = static_cast<int>(fields.integer("graceMinutes", 0, 720).value_or(0));
    services_.store.attendance().saveShift(shift);
    ctx.audit().target = "shift:" + shift.department;
    return Reply::json(shiftJson(shift));
}

Reply AttendanceResource::perDay(RequestContext& ctx) {
    const AttendanceQuery query = filters(ctx);
    auto items = json::array();
    for (const auto& count : services_.store.attendance().recordsPerDay(query.from, query.to, query.utcOffsetMinutes)) {
        auto item = json::object();
        item->set("date", dateText(count.day));
        item->set("deviceId", count.deviceId);
        item->set("records", count.records);
        items->add(item);
    }
    auto body = json::object();
    body->set("items", items);
    return Reply::json(body);
}

} // namespace passway::admin
