#include "admin/resources/OutboxResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/ModelJson.h"
#include "store/Store.h"
#include "util/SecretPolicy.h"

#include <Poco/String.h>

namespace passway::admin {

namespace {

bool secretHeader(const std::string& name) { return isSecretName(name); }

Poco::JSON::Object::Ptr itemJson(const OutboxItem& item) {
    auto o = json::object();
    o->set("id", item.id);
    o->set("origin", item.origin);
    o->set("method", item.method);
    // A URL may carry credentials (https://user:pass@host/, ?access_token=);
    // the page shows where a delivery goes, not how it signs in.
    const std::string url = maskUrlSecrets(item.url);
    o->set("url", url);
    auto headers = json::object();
    const auto stored = json::embed(item.headers);
    if (stored.type() == typeid(Poco::JSON::Object::Ptr)) {
        for (const auto& [name, value] : *stored.extract<Poco::JSON::Object::Ptr>()) {
            headers->set(name, secretHeader(name) ? Poco::Dynamic::Var("***") : value);
        }
    }
    o->set("headers", headers);
    o->set("body", item.body);
    o->set("idempotencyKey", item.idempotencyKey);
    o->set("state", std::string(toString(item.state)));
    o->set("attempts", item.attempts);
    o->set("nextAttemptAt", item.nextAttemptAt);
    o->set("lastError", url == item.url ? item.lastError : Poco::replace(item.lastError, item.url, url));
    o->set("createdAt", item.createdAt);
    o->set("updatedAt", item.updatedAt);
    return o;
}

} // namespace

void OutboxResource::install(Router& router) {
    const std::string base = "/api/v1/outbox";
    router.get(base, Role::Viewer, [this](RequestContext& c) { return list(c); });
    router.get(base + "/{id}", Role::Viewer, [this](RequestContext& c) { return get(c); });
    router.write("POST", base + "/{id}/retry", Role::Operator, {"outbox.retry", "outbox:{id}"},
                 [this](RequestContext& c) { return retry(c); });
    router.write("POST", base + "/{id}/discard", Role::Operator, {"outbox.discard", "outbox:{id}"},
                 [this](RequestContext& c) { return discard(c); });
}

Reply OutboxResource::list(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    std::optional<OutboxState> state;
    if (const auto s = ctx.query("state"); s && !s->empty()) {
        try {
            state = outboxStateFromString(*s);
        } catch (const std::invalid_argument&) {
            throw ApiError::invalid("state", "must be pending, delivered or dead");
        }
    }
    const auto page = services_.store.outbox().list(state, paging.offset, paging.limit);
    auto items = json::array();
    for (const auto& item : page.items) items->add(itemJson(item));
    return Reply::json(modeljson::list(items, page.total, paging));
}

Reply OutboxResource::get(RequestContext& ctx) {
    const auto item = services_.store.outbox().find(ctx.idParam("id"));
    if (!item) throw ApiError::notFound("no such outbox item: " + ctx.param("id"));
    return Reply::json(itemJson(*item));
}

Reply OutboxResource::retry(RequestContext& ctx) {
    const auto id = ctx.idParam("id");
    const auto item = services_.store.outbox().find(id);
    if (!item) throw ApiError::notFound("no such outbox item: " + ctx.param("id"));
    if (!services_.store.outbox().retry(id)) throw ApiError::conflict("outbox item " + ctx.param("id") + " is already delivered");
    ctx.audit().detail = Poco::Dynamic::Var(json::object());
    return Reply::json(itemJson(*services_.store.outbox().find(id)));
}

Reply OutboxResource::discard(RequestContext& ctx) {
    if (!services_.store.outbox().discard(ctx.idParam("id"))) {
        throw ApiError::notFound("no such outbox item: " + ctx.param("id"));
    }
    return Reply::noContent();
}

} // namespace passway::admin
