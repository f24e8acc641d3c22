#include "admin/resources/HealthResource.h"

#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "passway/FaceService.h"
#include "store/Store.h"
#include "passway/Clock.h"
#include "util/Metrics.h"

#include <Poco/Logger.h>

#include <algorithm>

#ifndef PASSWAY_VERSION
#define PASSWAY_VERSION "0.0.0"
#endif

namespace passway::admin {

namespace {

// The hosts sharing this store: which is alive and leads, how many devices
// each holds and how far its journal tail is behind. Host ids are the
// operator's names for machines; no device is named here.
Poco::JSON::Object::Ptr clusterJson(ClusterRepository& cluster, Store& store) {
    const std::int64_t now = nowMillis();
    const std::int64_t last = store.journal().lastSeq();
    const auto leases = cluster.leases();
    auto hosts = json::array();
    for (const auto& host : cluster.hosts()) {
        auto h = json::object();
        h->set("id", host.id);
        h->set("leader", host.leader);
        h->set("startedAt", host.startedAt);
        h->set("lastSeenMs", std::max<std::int64_t>(0, now - host.seenAt));
        h->set("lagEvents", std::max<std::int64_t>(0, last - host.journalPosition));
        int held = 0, expired = 0;
        for (const auto& lease : leases) {
            if (lease.host != host.id) continue;
            (lease.expiresAt >= now ? held : expired) += 1;
        }
        h->set("devices", held);
        h->set("expiredLeases", expired);
        hosts->add(h);
    }
    auto out = json::object();
    out->set("hosts", hosts);
    out->set("journalLastSeq", last);
    return out;
}

} // namespace

void HealthResource::install(Router& router) {
    router.get("/api/v1/health", Role::Public, [this](RequestContext& ctx) { return health(ctx); });
    router.get("/metrics", Role::Public, [this](RequestContext& ctx) { return metrics(ctx); });
}

Reply HealthResource::health(RequestContext&) {
    auto body = json::object();
    int status = 200;
    body->set("status", "ok");
    body->set("version", PASSWAY_VERSION);
    try {
        body->set("schemaVersion", services_.store.schemaVersion());
        // Only the kind of store ("sqlite"): its file path is nobody's business without a token.
        const std::string described = services_.store.describe();
        body->set("store", described.substr(0, described.find(':')));
        if (auto* cluster = services_.store.cluster()) body->set("cluster", clusterJson(*cluster, services_.store));
    } catch (const std::exception& e) {
        // The store does not answer: say so with 503, so a load balancer takes this host out.
        Poco::Logger::get("admin").error(std::string("health check: store unavailable: ") + e.what());
        body->set("status", "unavailable");
        body->set("schemaVersion", Poco::Dynamic::Var());
        body->set("store", "unavailable");
        status = 503;
    }
    body->set("uptimeSeconds", (nowMillis() - services_.startedAt) / 1000);
    // The face service is optional: without models the host is healthy and
    // says what the face service lacks.
    if (services_.face) {
        auto face = json::object();
        const bool up = services_.face->available();
        face->set("status", up ? "ok" : "unavailable");
        if (!up) face->set("reason", services_.face->status());
        face->set("enrolled", static_cast<std::uint64_t>(services_.face->enrolledCount()));
        body->set("face", face);
    }
    return Reply::json(body, status);
}

Reply HealthResource::metrics(RequestContext&) {
    return Reply::bytes(services_.metrics.render(), "text/plain; version=0.0.4; charset=utf-8");
}

} // namespace passway::admin
