#include "admin/resources/UserResource.h"

#include "admin/auth/PasswordHasher.h"
#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"
#include "admin/json/ModelJson.h"
#include "store/Store.h"

#include <Poco/JSON/Object.h>

namespace passway::admin {

namespace {

bool isActiveAdmin(const AdminUser& user) { return user.role == "admin" && !user.disabled; }

std::string validUsername(const JsonFields& f) {
    const std::string name = f.requiredString("username", 64);
    for (char c : name) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                        c == '_' || c == '-' || c == '@';
        if (!ok) throw ApiError::invalid("username", "may use only letters, digits and . _ - @");
    }
    return name;
}

std::string validRole(const JsonFields& f) {
    const std::string role = f.requiredString("role", 16);
    if (!parseUserRole(role)) throw ApiError::invalid("role", "must be viewer, operator or admin");
    return role;
}

std::string validPassword(const JsonFields& f) {
    const std::string password = f.string("password", 1024).value_or("");
    if (password.size() < UserResource::kMinPasswordLength) {
        throw ApiError::invalid("password",
                                "must be at least " + std::to_string(UserResource::kMinPasswordLength) + " characters");
    }
    return password;
}

} // namespace

void UserResource::install(Router& router) {
    router.get("/api/v1/users", Role::Admin, [this](RequestContext& c) { return list(c); });
    router.get("/api/v1/users/{id}", Role::Admin, [this](RequestContext& c) { return get(c); });
    router.write("POST", "/api/v1/users", Role::Admin, {"user.create", "user"},
                 [this](RequestContext& c) { return create(c); });
    for (const char* method : {"PUT", "PATCH"}) {
        router.write(method, "/api/v1/users/{id}", Role::Admin, {"user.update", "user:{id}"},
                     [this](RequestContext& c) { return update(c); });
    }
    router.write("DELETE", "/api/v1/users/{id}", Role::Admin, {"user.delete", "user:{id}"},
                 [this](RequestContext& c) { return remove(c); });
}

AdminUser UserResource::load(RequestContext& ctx) {
    auto user = services_.store.users().find(ctx.idParam("id"));
    if (!user) throw ApiError::notFound("no such user: " + ctx.param("id"));
    return *user;
}

void UserResource::keepAnAdmin(const AdminUser& before, const AdminUser* after) {
    if (!isActiveAdmin(before) || (after && isActiveAdmin(*after))) return;
    for (const auto& other : services_.store.users().list()) {
        if (other.id != before.id && isActiveAdmin(other)) return;
    }
    throw ApiError::conflict("'" + before.username + "' is the last active admin; make another admin first");
}

Reply UserResource::list(RequestContext& ctx) {
    const Paging paging = ctx.paging();
    const auto users = services_.store.users().list();
    auto items = json::array();
    for (std::size_t i = paging.offset; i < users.size() && items->size() < static_cast<std::size_t>(paging.limit); ++i) {
        items->add(modeljson::user(users[i]));
    }
    return Reply::json(modeljson::list(items, static_cast<std::int64_t>(users.size()), paging));
}

Reply UserResource::get(RequestContext& ctx) { return Reply::json(modeljson::user(load(ctx))); }

Reply UserResource::create(RequestContext& ctx) {
    const JsonFields f(ctx.jsonBody());
    f.rejectUnknown({"username", "password", "role", "disabled"});
    AdminUser user;
    user.username = validUsername(f);
    user.role = validRole(f);
    user.disabled = f.boolean("disabled").value_or(false);
    user.passwordHash = services_.hasher.hash(validPassword(f));

    std::lock_guard lock(changes_);
    if (services_.store.users().findByName(user.username)) {
        throw ApiError::conflict("a user named '" + user.username + "' exists");
    }
    const AdminUser created = services_.store.users().create(user);
    ctx.audit().target = "user:" + std::to_string(created.id);
    return Reply::json(modeljson::user(created), 201);
}

Reply UserResource::update(RequestContext& ctx) {
    const JsonFields f(ctx.jsonBody());
    // id, username and times are read-only; accepted so a GET result can be sent back.
    f.rejectUnknown({"role", "password", "disabled", "id", "username", "createdAt", "updatedAt"});
    std::lock_guard lock(changes_);
    const AdminUser before = load(ctx);
    if (const auto name = f.string("username", 64); name && *name != before.username) {
        throw ApiError::invalid("username", "cannot be changed; create a new user instead");
    }
    AdminUser after = before;
    if (f.has("role")) after.role = validRole(f);
    if (f.has("disabled")) after.disabled = f.boolean("disabled").value_or(false);
    if (f.has("password")) after.passwordHash = services_.hasher.hash(validPassword(f));
    keepAnAdmin(before, &after);
    if (!services_.store.users().update(after)) throw ApiError::notFound("no such user: " + ctx.param("id"));
    return Reply::json(modeljson::user(*services_.store.users().find(after.id)));
}

Reply UserResource::remove(RequestContext& ctx) {
    std::lock_guard lock(changes_);
    const AdminUser before = load(ctx);
    keepAnAdmin(before, nullptr);
    if (!services_.store.users().remove(before.id)) throw ApiError::notFound("no such user: " + ctx.param("id"));
    auto detail = json::object();
    detail->set("username", before.username);
    ctx.audit().detail = Poco::Dynamic::Var(detail);
    return Reply::noContent();
}

} // namespace passway::admin
