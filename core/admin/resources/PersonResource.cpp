#include "admin/resources/PersonResource.h"

#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"
#include "admin/json/ModelJson.h"
#include "admin/json/PersonJson.h"
#include "store/Store.h"

namespace passway::admin {

namespace {

constexpr std::int64_t kMaxUserId = 4294967295;  // terminals need a uint32

Person load(Store& store, RequestContext& ctx) {
    auto person = store.persons().find(static_cast<std::uint32_t>(ctx.idParam("userId", kMaxUserId)));
    if (!person) throw ApiError::notFound("no such person: " + ctx.param("userId"));
    return *person;
}

} // namespace

void PersonResource::install(Router& router) {
    const std::string base = "/api/v1/persons";
    router.get(base, Role::Viewer, [this](RequestContext& c) { return list(c); });
    router.get(base + "/{userId}", Role::Viewer, [this](RequestContext& c) { return get(c); });
    router.write("POST", base, Role::Operator, {"person.create", "person"},
                 [this](RequestContext& c) { return create(c); });
    router.write("PUT", base + "/{userId}", Role::Operator, {"person.update", "person:{userId}"},
                 [this](RequestContext& c) { return update(c, true); });
    router.write("PATCH", base + "/{userId}", Role::Operator, {"person.update", "person:{userId}"},
                 [this](RequestContext& c) { return update(c, false); });
    router.write("DELETE", base + "/{userId}", Role::Operator, {"person.delete", "person:{userId}"},
                 [this](RequestContext& c) { return remove(c); });
}

void PersonResource::announce(const AdminServices& services, const Person& person, const std::string& action) {
    services.publish(events::personChanged(person.userId, person.version, action, "admin"));
}

Reply PersonResource::list(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    PersonQuery query;
    query.search = ctx.query("search").value_or("");
    query.accessGroup = ctx.query("group").value_or("");
    query.department = ctx.query("department").value_or("");
    query.offset = paging.offset;
    query.limit = paging.limit;
    const auto page = services_.store.persons().list(query);
    auto items = json::array();
    for (const auto& person : page.items) items->add(PersonJson::toJson(person));
    return Reply::json(modeljson::list(items, page.total, paging));
}

Reply PersonResource::get(RequestContext& ctx) { return Reply::json(PersonJson::toJson(load(services_.store, ctx))); }

Reply PersonResource::create(RequestContext& ctx) {
    const auto body = ctx.jsonBody();
    Person person;
    person.userId = static_cast<std::uint32_t>(JsonFields(body).integer("userId", 1, kMaxUserId).value_or(0));
    PersonJson::apply(body, person, true);
    PersonJson::validate(person);

    std::lock_guard lock(services_.personWrites);
    if (person.userId != 0 && services_.store.persons().find(person.userId)) {
        throw ApiError::conflict("person " + std::to_string(person.userId) + " exists; change it with PUT or PATCH");
    }
    Person saved;
    services_.store.atomically([&] {  // the change and its event: one fact
        saved = services_.store.persons().save(person);
        announce(services_, saved, "created");
    });
    ctx.audit().target = "person:" + std::to_string(saved.userId);
    return Reply::json(PersonJson::toJson(saved), 201)
        .header("Location", "/api/v1/persons/" + std::to_string(saved.userId));
}

Reply PersonResource::update(RequestContext& ctx, bool replace) {
    const auto body = ctx.jsonBody();
    const JsonFields f(body);
    std::lock_guard lock(services_.personWrites);
    Person person = load(services_.store, ctx);
    if (const auto id = f.integer("userId", 0, kMaxUserId); id && *id != person.userId) {
        throw ApiError::invalid("userId", "does not match the person in the path; a person's id cannot change");
    }
    if (const auto version = f.integer("version", 0, INT64_MAX); version && *version != person.version) {
        throw ApiError::conflict("person " + std::to_string(person.userId) + " was changed meanwhile (now version " +
                                 std::to_string(person.version) + "); reload it and try again");
    }
    PersonJson::apply(body, person, replace);
    PersonJson::validate(person);
    Person saved;
    services_.store.atomically([&] {
        saved = services_.store.persons().save(person);
        announce(services_, saved, "updated");
    });
    return Reply::json(PersonJson::toJson(saved));
}

Reply PersonResource::remove(RequestContext& ctx) {
    std::lock_guard lock(services_.personWrites);
    const Person person = load(services_.store, ctx);
    services_.store.atomically([&] {
        if (!services_.store.persons().remove(person.userId)) {
            throw ApiError::notFound("no such person: " + ctx.param("userId"));
        }
        announce(services_, person, "removed");
    });
    auto detail = json::object();
    detail->set("name", person.name);
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    return Reply::noContent();
}

} // namespace passway::admin
