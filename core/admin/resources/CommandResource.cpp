#include "admin/resources/CommandResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/ModelJson.h"
#include "store/Store.h"

namespace passway::admin {

void CommandResource::install(Router& router) {
    router.get("/api/v1/commands", Role::Viewer, [this](RequestContext& c) { return list(c); });
    router.get("/api/v1/commands/{id}", Role::Viewer, [this](RequestContext& c) { return get(c); });
}

Reply CommandResource::list(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    CommandQuery query;
    query.deviceId = ctx.queryInt("deviceId", 1, INT64_MAX);
    if (const auto state = ctx.query("state"); state && !state->empty()) {
        try {
            query.state = commandStateFromString(*state);
        } catch (const std::invalid_argument&) {
            throw ApiError::invalid("state", "must be queued, sent, done, failed, expired or unknown");
        }
    }
    query.offset = paging.offset;
    query.limit = paging.limit;
    const auto page = services_.store.commands().list(query);
    auto items = json::array();
    for (const auto& command : page.items) items->add(modeljson::command(command));
    return Reply::json(modeljson::list(items, page.total, paging));
}

Reply CommandResource::get(RequestContext& ctx) {
    const auto command = services_.store.commands().find(ctx.idParam("id"));
    if (!command) throw ApiError::notFound("no such command: " + ctx.param("id"));
    return Reply::json(modeljson::command(*command));
}

} // namespace passway::admin
