#include "admin/resources/AuditResource.h"

#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/ModelJson.h"
#include "store/Store.h"

namespace passway::admin {

void AuditResource::install(Router& router) {
    router.get("/api/v1/audit", Role::Admin, [this](RequestContext& c) { return list(c); });
}

Reply AuditResource::list(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    AuditQuery query;
    query.actor = ctx.query("actor").value_or("");
    query.action = ctx.query("action").value_or("");
    query.target = ctx.query("target").value_or("");
    query.offset = paging.offset;
    query.limit = paging.limit;
    const auto page = services_.store.audit().list(query);
    auto items = json::array();
    for (const auto& entry : page.items) items->add(modeljson::audit(entry));
    return Reply::json(modeljson::list(items, page.total, paging));
}

} // namespace passway::admin
