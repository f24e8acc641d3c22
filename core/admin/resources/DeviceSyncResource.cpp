#include "admin/resources/DeviceSyncResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "passway/JsonText.h"
#include "store/Store.h"

#include <map>

namespace passway::admin {

void DeviceSyncResource::install(Router& router) {
    const std::string base = "/api/v1/devices/{id}";
    router.write("POST", base + "/sync/retry", Role::Operator, {"sync.retry", "device:{id}"},
                 [this](RequestContext& c) { return retryAll(c); });
    router.write("POST", base + "/sync/{userId}/retry", Role::Operator, {"sync.retry", "device:{id}"},
                 [this](RequestContext& c) { return retryOne(c); });
    router.get(base + "/inventory", Role::Viewer, [this](RequestContext& c) { return inventory(c); });
}

Reply DeviceSyncResource::retried(RequestContext& ctx, std::int64_t deviceId, std::optional<std::uint32_t> userId) {
    if (!services_.store.devices().find(deviceId)) throw ApiError::notFound("no such device: " + ctx.param("id"));
    const std::size_t count = services_.store.sync().retry(deviceId, userId);
    // Plugins that push (tcpjson) act on sync.wanted at once; the others see
    // the entries due at the terminal's next call.
    if (count > 0) services_.publish(events::syncWanted({deviceId}));
    auto detail = json::object();
    detail->set("retried", static_cast<Poco::UInt64>(count));
    if (userId) detail->set("userId", static_cast<Poco::UInt64>(*userId));
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    return Reply::json(detail);
}

Reply DeviceSyncResource::retryAll(RequestContext& ctx) { return retried(ctx, ctx.idParam("id"), std::nullopt); }

Reply DeviceSyncResource::retryOne(RequestContext& ctx) {
    const auto userId = static_cast<std::uint32_t>(ctx.idParam("userId", 4294967295LL));
    const auto deviceId = ctx.idParam("id");
    bool found = false;
    for (const auto& entry : services_.store.sync().forPerson(userId)) found = found || entry.deviceId == deviceId;
    if (!found) throw ApiError::notFound("device " + ctx.param("id") + " has no sync entry for user " + ctx.param("userId"));
    return retried(ctx, deviceId, userId);
}

// The ledger against what the terminal last reported (query_persons,
// push_all_persons answers). Only persons either side knows of are listed,
// each with the difference: missing (the ledger says held, the terminal
// said absent), unexpected (the terminal holds someone the ledger says it
// should not, or never heard of), unreported (held per the ledger, never
// reported), or "" when they agree.
Reply DeviceSyncResource::inventory(RequestContext& ctx) {
    const auto deviceId = ctx.idParam("id");
    if (!services_.store.devices().find(deviceId)) throw ApiError::notFound("no such device: " + ctx.param("id"));
    struct Row {
        const SyncEntry* entry = nullptr;
        const InventoryEntry* reported = nullptr;
    };
    const auto entries = services_.store.sync().forDevice(deviceId);
    const auto reported = services_.store.sync().inventoryFor(deviceId);
    std::map<std::uint32_t, Row> rows;
    for (const auto& e : entries) rows[e.userId].entry = &e;
    for (const auto& r : reported) rows[r.userId].reported = &r;

    const bool differencesOnly = ctx.query("differences").value_or("") == "true";
    auto items = json::array();
    std::int64_t differences = 0;
    for (const auto& [userId, row] : rows) {
        const bool ledgerHolds = row.entry && !row.entry->removal && row.entry->confirmedVersion > 0;
        const bool ledgerWants = row.entry && !row.entry->removal;
        std::string difference;
        if (row.reported) {
            if (row.reported->present && !ledgerWants) difference = "unexpected";
            else if (!row.reported->present && ledgerHolds) difference = "missing";
        } else if (ledgerHolds) {
            difference = "unreported";
        }
        if (!row.reported && !ledgerHolds) continue;  // neither side says the terminal holds them
        if (!difference.empty()) ++differences;
        if (differencesOnly && difference.empty()) continue;
        auto o = json::object();
        o->set("userId", static_cast<Poco::UInt64>(userId));
        o->set("ledger", ledgerHolds ? "held" : ledgerWants ? "pending" : row.entry ? "removal" : "none");
        o->set("device", row.reported ? (row.reported->present ? "present" : "absent") : "unreported");
        if (row.reported) {
            o->set("reportedAt", row.reported->reportedAt);
            o->set("summary", json::embed(row.reported->summary));
        }
        o->set("difference", difference);
        items->add(o);
    }
    auto result = json::object();
    result->set("deviceId", deviceId);
    result->set("differences", differences);
    result->set("reported", static_cast<Poco::UInt64>(reported.size()));
    result->set("items", items);
    return Reply::json(result);
}

} // namespace passway::admin
