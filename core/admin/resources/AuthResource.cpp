#include "admin/resources/AuthResource.h"

#include "admin/auth/PasswordHasher.h"
#include "admin/auth/TokenService.h"
#include "admin/http/ApiError.h"
#include "admin/http/Router.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"
#include "admin/json/ModelJson.h"
#include "store/Store.h"
#include "util/Metrics.h"

#include <Poco/Logger.h>

namespace passway::admin {

void AuthResource::install(Router& router) {
    router.write("POST", "/api/v1/auth/login", Role::Public, {"auth.login", "user"},
                 [this](RequestContext& ctx) { return login(ctx); });
    router.get("/api/v1/auth/me", Role::Viewer, [this](RequestContext& ctx) { return me(ctx); });
}

Reply AuthResource::login(RequestContext& ctx) {
    const JsonFields f(ctx.jsonBody());
    const std::string username = f.string("username", 64).value_or("");
    const std::string password = f.string("password", 1024).value_or("");
    if (username.empty()) throw ApiError::invalid("username", "is required");
    if (password.empty()) throw ApiError::invalid("password", "is required");

    // One answer for an unknown user, a disabled one and a wrong password, and
    // the same work for each, so neither the message nor the time tells
    // which usernames exist.
    auto user = services_.store.users().findByName(username);
    bool ok = false;
    if (user) {
        ok = services_.hasher.verify(password, user->passwordHash) && !user->disabled;
    } else {
        services_.hasher.burnVerify(password);
    }
    if (!ok) {
        services_.metrics.counter("passway_admin_login_failures_total", "Failed admin logins").fetch_add(1);
        // The username is logged only when it is a real account: an unknown
        // "username" is often a password typed into the wrong field.
        Poco::Logger::get("admin").warning(user ? "login failed for user '" + username + "'"
                                                : std::string("login failed for an unknown username"));
        throw ApiError(401, "unauthorized", "wrong username or password");
    }
    if (services_.hasher.needsRehash(user->passwordHash)) {
        user->passwordHash = services_.hasher.hash(password);  // upgrade an older iteration count
        services_.store.users().update(*user);
    }

    const auto issued = services_.tokens.issue(*user);
    ctx.audit().actor = user->username;
    ctx.audit().target = "user:" + std::to_string(user->id);
    auto detail = json::object();
    detail->set("username", user->username);
    ctx.audit().detail = Poco::Dynamic::Var(detail);

    auto who = json::object();
    who->set("id", user->id);
    who->set("username", user->username);
    who->set("role", user->role);
    auto body = json::object();
    body->set("token", issued.token);
    body->set("expiresAt", issued.expiresAt);
    body->set("user", who);
    return Reply::json(body);
}

Reply AuthResource::me(RequestContext& ctx) { return Reply::json(modeljson::user(*ctx.user())); }

} // namespace passway::admin
