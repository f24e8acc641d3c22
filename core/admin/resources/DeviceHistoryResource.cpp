#include "admin/resources/DeviceHistoryResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/ModelJson.h"
#include "settings/RuntimeSettings.h"
#include "store/Store.h"

#include <Poco/JSON/Parser.h>

#include <cstdlib>

namespace passway::admin {

namespace {

constexpr const char* kClockWarnKey = "devices.clock_warn_s";
constexpr std::int64_t kClockWarnDefault = 30;

} // namespace

void DeviceHistoryResource::install(Router& router) {
    const std::string base = "/api/v1/devices/{id}";
    router.get(base + "/alarms", Role::Viewer, [this](RequestContext& c) { return alarms(c); });
    router.get(base + "/addresses", Role::Viewer, [this](RequestContext& c) { return addresses(c); });
    router.get(base + "/clock", Role::Viewer, [this](RequestContext& c) { return clock(c); });
}

std::int64_t DeviceHistoryResource::deviceId(RequestContext& ctx) {
    const std::int64_t id = ctx.idParam("id");
    if (!services_.store.devices().find(id)) throw ApiError::notFound("no such device: " + ctx.param("id"));
    return id;
}

Reply DeviceHistoryResource::alarms(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    const auto page = services_.store.deviceAlarms().list(deviceId(ctx), paging.offset, paging.limit);
    auto items = json::array();
    for (const auto& a : page.items) {
        auto o = json::object();
        o->set("id", a.id);
        o->set("alarm", a.alarm);
        o->set("source", a.source);
        o->set("event", a.event);
        o->set("cleared", a.cleared);
        o->set("at", a.at);
        items->add(o);
    }
    return Reply::json(modeljson::list(items, page.total, paging));
}

Reply DeviceHistoryResource::addresses(RequestContext& ctx) {
    const auto device = services_.store.devices().find(deviceId(ctx));
    auto items = json::array();
    for (const auto& a : services_.store.devices().addresses(device->id)) {
        auto o = json::object();
        o->set("address", a.address);
        o->set("firstSeen", a.firstSeen);
        o->set("lastSeen", a.lastSeen);
        o->set("current", a.address == device->address);
        items->add(o);
    }
    auto body = json::object();
    body->set("items", items);
    return Reply::json(body);
}

std::int64_t DeviceHistoryResource::clockWarnAfterSeconds() const {
    const auto* settings = services_.options.runtimeSettings;
    const std::string text = settings ? settings->value(kClockWarnKey) : std::string();
    if (text.empty()) return kClockWarnDefault;
    char* end = nullptr;
    const long long value = std::strtoll(text.c_str(), &end, 10);
    return end && *end == '\0' && value >= 0 ? value : kClockWarnDefault;
}

Reply DeviceHistoryResource::clock(RequestContext& ctx) {
    const auto device = services_.store.devices().find(deviceId(ctx));
    // The plugins' convention (passway/services/DeviceService.h): the skew
    // and when it was read, kept in the reported state.
    Poco::JSON::Object::Ptr reported;
    try {
        reported = Poco::JSON::Parser().parse(device->reported.empty() ? "{}" : device->reported)
                       .extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception&) {
        reported = json::object();
    }
    auto body = json::object();
    const std::int64_t warnAfter = clockWarnAfterSeconds();
    body->set("warnAfterS", warnAfter);
    body->set("lastSeen", device->lastSeen);
    if (!reported || !reported->has("clockSkewS")) {
        body->set("skewS", Poco::Dynamic::Var());
        body->set("checkedAt", Poco::Dynamic::Var());
        body->set("warning", false);
        return Reply::json(body);
    }
    std::int64_t skew = 0;
    try {
        skew = reported->getValue<Poco::Int64>("clockSkewS");
    } catch (const Poco::Exception&) {
        throw ApiError(500, "internal_error", "device " + std::to_string(device->id) + " reports a clockSkewS that is no number");
    }
    body->set("skewS", skew);
    body->set("checkedAt", reported->has("clockCheckedAt") ? reported->get("clockCheckedAt") : Poco::Dynamic::Var());
    body->set("warning", warnAfter > 0 && std::llabs(skew) > warnAfter);
    return Reply::json(body);
}

} // namespace passway::admin
