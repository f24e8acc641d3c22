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

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

namespace passway::admin {

namespace {

Poco::Logger& log() { return Poco::Logger::get("admin"); }

const Clock& clockOf(const AdminOptions& options) { return options.clock ? *options.clock : Clock::system(); }

} // namespace

AuthResource::AuthResource(AdminServices& services)
    : services_(services), throttle_(clockOf(services.options), services.options.loginThrottle) {}

void AuthResource::install(Router& router) {
    router.write("POST", "/api/v1/auth/login", Role::Public, {"auth.login", "user"},
                 [this](RequestContext& ctx) { return login(ctx); }, kMaxLoginBodyBytes);
    router.get("/api/v1/auth/me", Role::Viewer, [this](RequestContext& ctx) { return me(ctx); });
    router.get("/api/v1/auth/lockouts", Role::Admin, [this](RequestContext& ctx) { return lockouts(ctx); });
    router.write("DELETE", "/api/v1/auth/lockouts/{kind}/{subject}", Role::Admin,
                 {"auth.lockout_lift", "lockout:{kind}/{subject}"}, [this](RequestContext& ctx) { return lift(ctx); });
}

Reply AuthResource::login(RequestContext& ctx) {
    const JsonFields f(ctx.jsonBody());
    const std::string username = f.string("username", 64).value_or("");
    const std::string password = f.string("password", 1024).value_or("");
    if (username.empty()) throw ApiError::invalid("username", "is required");
    if (password.empty()) throw ApiError::invalid("password", "is required");
    const std::string source = ctx.request().peerAddress;

    // Checked before the password: during a lockout the right password is
    // refused too, so a guesser cannot tell a hit from a miss.
    if (const std::int64_t wait = throttle_.retryAfterSeconds(username, source); wait > 0) {
        services_.metrics.counter("passway_admin_login_throttled_total", "Logins refused by the login throttle")
            .fetch_add(1);
        throw ApiError(429, "too_many_requests",
                       "too many failed logins; try again in " + std::to_string(wait) + " s, or ask an admin to lift "
                       "the lockout")
            .withHeader("Retry-After", std::to_string(wait));
    }

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
        log().warning((user ? "login failed for user '" + username + "'" : std::string("login failed for an unknown username")) +
                      " from " + source);
        auditFailure(username, user, source, !user ? "unknown_user" : user->disabled ? "disabled" : "wrong_password");
        for (const auto& lockout : throttle_.failed(username, source)) auditLockout(lockout);
        throw ApiError(401, "unauthorized", "wrong username or password");
    }
    throttle_.succeeded(username);
    if (services_.hasher.needsRehash(user->passwordHash)) {
        user->passwordHash = services_.hasher.hash(password);  // upgrade an older iteration count
        services_.store.users().update(*user);
    }

    const auto issued = services_.tokens.issue(*user);
    ctx.audit().actor = user->username;
    ctx.audit().target = "user:" + std::to_string(user->id);
    auto detail = json::object();
    detail->set("username", user->username);
    detail->set("source", source);
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

// The router audits only successful writes; a failed login is written here.
// An unknown username is not kept (it is often a password typed into the
// wrong field), only that it was unknown.
void AuthResource::auditFailure(const std::string& username, const std::optional<AdminUser>& user,
                                const std::string& source, const char* reason) {
    AuditEntry entry;
    entry.actor = user ? username : std::string("anonymous");
    entry.action = "auth.login_failed";
    entry.target = user ? "user:" + std::to_string(user->id) : std::string();
    auto detail = json::object();
    if (user) detail->set("username", username);
    detail->set("source", source);
    detail->set("reason", reason);
    entry.detail = json::stringify(detail);
    try {
        services_.store.audit().append(entry);
    } catch (const std::exception& e) {
        log().error(std::string("audit entry of a failed login could not be written: ") + e.what());
    }
}

void AuthResource::auditLockout(const LoginThrottle::Lockout& lockout) {
    const bool byUser = lockout.kind == LoginThrottle::Kind::User;
    // A locked username that is no account is, again, possibly a password.
    const bool known = !byUser || services_.store.users().findByName(lockout.subject).has_value();
    const std::string subject = known ? lockout.subject : std::string("(unknown username)");
    const std::int64_t seconds = (lockout.lockedUntil - clockOf(services_.options).nowMillis() + 999) / 1000;
    log().warning(std::string("login lockout of ") + LoginThrottle::toString(lockout.kind) + " " + subject + " for " +
                  std::to_string(seconds) + " s after " + std::to_string(lockout.failures) + " failures (lockout " +
                  std::to_string(lockout.lockouts) + " in a row)");
    AuditEntry entry;
    entry.actor = "system";
    entry.action = "auth.lockout";
    entry.target = std::string("lockout:") + LoginThrottle::toString(lockout.kind) + "/" + subject;
    auto detail = json::object();
    detail->set("kind", LoginThrottle::toString(lockout.kind));
    detail->set("subject", subject);
    detail->set("failures", lockout.failures);
    detail->set("lockouts", lockout.lockouts);
    detail->set("lockedUntil", lockout.lockedUntil);
    entry.detail = json::stringify(detail);
    try {
        services_.store.audit().append(entry);
    } catch (const std::exception& e) {
        log().error(std::string("audit entry of a login lockout could not be written: ") + e.what());
    }
}

Reply AuthResource::me(RequestContext& ctx) { return Reply::json(modeljson::user(*ctx.user())); }

Reply AuthResource::lockouts(RequestContext&) {
    auto items = json::array();
    for (const auto& l : throttle_.locked()) {
        auto item = json::object();
        item->set("kind", LoginThrottle::toString(l.kind));
        item->set("subject", l.subject);
        item->set("lockouts", l.lockouts);
        item->set("lockedUntil", l.lockedUntil);
        items->add(item);
    }
    auto body = json::object();
    body->set("items", items);
    return Reply::json(body);
}

Reply AuthResource::lift(RequestContext& ctx) {
    const auto kind = LoginThrottle::parseKind(ctx.param("kind"));
    if (!kind) throw ApiError::notFound("a lockout kind is user or source");
    if (!throttle_.lift(*kind, ctx.param("subject"))) throw ApiError::notFound("no lockout or failures for this key");
    log().information(std::string("login lockout of ") + ctx.param("kind") + " " + ctx.param("subject") +
                      " lifted by " + ctx.user()->username);
    return Reply::noContent();
}

} // namespace passway::admin
