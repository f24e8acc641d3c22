#include "admin/resources/HealthResource.h"

#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "passway/FaceService.h"
#include "store/Store.h"
#include "passway/Clock.h"
#include "util/Metrics.h"

#include <Poco/Logger.h>

#ifndef PASSWAY_VERSION
#define PASSWAY_VERSION "0.0.0"
#endif

namespace passway::admin {

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
