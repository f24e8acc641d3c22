#include <boost/test/unit_test.hpp>

// PasswordHasher, TokenService, AdminBootstrap and roles, directly and
// through a running AdminServer.

#include "AdminFixture.h"

#include "admin/auth/PasswordHasher.h"
#include "admin/auth/Role.h"
#include "admin/auth/TokenService.h"
#include "admin/auth/TokenSignature.h"
#include "passway/Clock.h"

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <regex>

using namespace passway;
using namespace passway::admin;
using namespace passway::test;

BOOST_AUTO_TEST_SUITE(password_hasher)

BOOST_AUTO_TEST_CASE(hashes_verify_and_are_salted) {
    PasswordHasher hasher;
    const std::string a = hasher.hash("correct horse");
    const std::string b = hasher.hash("correct horse");
    BOOST_TEST(a != b);  // random salt
    BOOST_TEST(std::regex_match(a, std::regex(R"(pbkdf2-sha256\$\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+)")));
    BOOST_TEST(std::stoi(a.substr(a.find('$') + 1)) >= 100000);
    BOOST_TEST(a.find("correct horse") == std::string::npos);
    BOOST_TEST(hasher.verify("correct horse", a));
    BOOST_TEST(hasher.verify("correct horse", b));
    BOOST_TEST(!hasher.verify("correct horsf", a));
    BOOST_TEST(!hasher.verify("", a));
}

BOOST_AUTO_TEST_CASE(malformed_hashes_never_verify) {
    PasswordHasher hasher;
    for (const char* bad : {"", "plain", "pbkdf2-sha256$x$abc$def", "md5$1000$c2FsdA==$aGFzaA==",
                            "pbkdf2-sha256$999999999$c2FsdA==$aGFzaGhhc2hoYXNoaGFzaA=="}) {
        BOOST_TEST_INFO(bad);
        BOOST_TEST(!hasher.verify("anything", bad));
    }
}

BOOST_AUTO_TEST_CASE(older_iteration_counts_still_verify_and_ask_for_a_rehash) {
    const std::string old = PasswordHasher(100000).hash("pw-123456");
    PasswordHasher current;
    BOOST_TEST(current.verify("pw-123456", old));
    BOOST_TEST(current.needsRehash(old));
    BOOST_TEST(!current.needsRehash(current.hash("pw-123456")));
    BOOST_CHECK_THROW(PasswordHasher(1000), std::invalid_argument);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(role_ranks_order_the_roles) {
    BOOST_TEST(roleAllows(Role::Admin, Role::Operator));
    BOOST_TEST(roleAllows(Role::Operator, Role::Viewer));
    BOOST_TEST(!roleAllows(Role::Viewer, Role::Operator));
    BOOST_TEST(!roleAllows(Role::Operator, Role::Admin));
    BOOST_TEST(roleAllows(Role::Viewer, Role::Public));
    BOOST_TEST(!parseUserRole("public").has_value());
    BOOST_TEST(!parseUserRole("Admin").has_value());
    BOOST_TEST((parseUserRole("operator") == Role::Operator));
}

BOOST_FIXTURE_TEST_SUITE(tokens_and_login, AdminFixture)

BOOST_AUTO_TEST_CASE(bootstrap_creates_admin_once_and_generates_a_readable_password) {
    TempDir other("passway-bootstrap");
    SqliteOptions options;
    options.path = other.file("p.db");
    auto fresh = openSqliteStore(options);
    const auto generated = AdminBootstrap::ensureFirstAdmin(*fresh, "");
    BOOST_REQUIRE(generated.has_value());
    BOOST_TEST(generated->size() >= 16u);
    BOOST_TEST(std::regex_match(*generated, std::regex("[a-z2-9-]+")));
    const auto admin = fresh->users().findByName("admin");
    BOOST_REQUIRE(admin.has_value());
    BOOST_TEST(admin->role == "admin");
    BOOST_TEST(PasswordHasher().verify(*generated, admin->passwordHash));
    BOOST_TEST(admin->passwordHash.find(*generated) == std::string::npos);
    // Second start: an admin exists, nothing is created or returned.
    BOOST_TEST(!AdminBootstrap::ensureFirstAdmin(*fresh, "other-password").has_value());
    BOOST_TEST(fresh->users().count() == 1);
    // The audit log tells where the first admin came from, without the password.
    const auto audit = fresh->audit().list(AuditQuery{});
    BOOST_REQUIRE_EQUAL(audit.items.size(), 1u);
    BOOST_TEST(audit.items[0].action == "user.create");
    BOOST_TEST(audit.items[0].detail.find(*generated) == std::string::npos);
    // A configured password is used and not returned.
    TempDir third("passway-bootstrap");
    options.path = third.file("p.db");
    auto configured = openSqliteStore(options);
    BOOST_TEST(!AdminBootstrap::ensureFirstAdmin(*configured, "site-chosen-pass").has_value());
    BOOST_TEST(PasswordHasher().verify("site-chosen-pass", configured->users().findByName("admin")->passwordHash));
}

BOOST_AUTO_TEST_CASE(login_returns_a_token_expiry_and_user) {
    const auto reply = call("POST", "/api/v1/auth/login", R"({"username":"admin","password":"first-admin-password"})");
    BOOST_TEST(reply.status == 200);
    const auto body = reply.json();
    BOOST_TEST(!body->getValue<std::string>("token").empty());
    const auto expiresAt = body->getValue<std::int64_t>("expiresAt");
    BOOST_TEST(expiresAt > nowMillis() + 43000LL * 1000);
    BOOST_TEST(expiresAt <= nowMillis() + 43200LL * 1000);
    BOOST_TEST(body->getObject("user")->getValue<std::string>("username") == "admin");
    BOOST_TEST(body->getObject("user")->getValue<std::string>("role") == "admin");
    BOOST_TEST(reply.body.find("passwordHash") == std::string::npos);
    BOOST_TEST(reply.header("Cache-Control") == "no-store");

    const auto me = call("GET", "/api/v1/auth/me", "", body->getValue<std::string>("token"));
    BOOST_TEST(me.status == 200);
    BOOST_TEST(me.json()->getValue<std::string>("username") == "admin");
}

BOOST_AUTO_TEST_CASE(wrong_credentials_get_one_and_the_same_401) {
    const auto badPassword = call("POST", "/api/v1/auth/login", R"({"username":"admin","password":"nope-nope"})");
    const auto unknownUser = call("POST", "/api/v1/auth/login", R"({"username":"mallory","password":"nope-nope"})");
    BOOST_TEST(badPassword.status == 401);
    BOOST_TEST(unknownUser.status == 401);
    BOOST_TEST(badPassword.errorCode() == "unauthorized");
    BOOST_TEST(badPassword.body == unknownUser.body);
    BOOST_TEST(call("POST", "/api/v1/auth/login", R"({"username":"admin"})").status == 400);
    BOOST_TEST(call("POST", "/api/v1/auth/login", "not json").status == 400);
    BOOST_TEST(metrics.render().find("passway_admin_login_failures_total 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(requests_without_or_with_a_bad_token_are_401) {
    const auto none = call("GET", "/api/v1/persons");
    BOOST_TEST(none.status == 401);
    BOOST_TEST(none.errorCode() == "unauthorized");
    BOOST_TEST(call("GET", "/api/v1/persons", "", "garbage.token.here").status == 401);
    BOOST_TEST(call("GET", "/api/v1/persons", "", "").status == 401);
    BOOST_TEST(call("GET", "/api/v1/persons", "", "", "", {{"Authorization", "Basic YWRtaW46eA=="}}).status == 401);
    // A token signed with another key (another installation) is refused.
    // A character inside the signature: the last one also carries padding
    // bits, and changing only those (A <-> B) leaves the signature as it was.
    std::string forged = adminToken;
    char& c = forged[forged.size() - 10];
    c = c == 'A' ? 'B' : 'A';
    BOOST_TEST(call("GET", "/api/v1/persons", "", forged).status == 401);
    // The "none" algorithm is never accepted.
    const std::string unsignedToken = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIiwiZXhwIjo0MTAyNDQ0ODAwfQ.";
    BOOST_TEST(call("GET", "/api/v1/persons", "", unsignedToken).status == 401);
}

BOOST_AUTO_TEST_CASE(expired_tokens_are_401) {
    // Same store, same key; a lifetime in the past makes an expired token.
    TokenService expired(*store, -60);
    const auto token = expired.issue(*store->users().findByName("admin")).token;
    BOOST_TEST(!expired.authenticate(token).has_value());
    BOOST_TEST(call("GET", "/api/v1/persons", "", token).status == 401);
    // A fresh token from the same key works: the key survives restarts.
    TokenService valid(*store, 60);
    const auto good = valid.issue(*store->users().findByName("admin")).token;
    BOOST_TEST(call("GET", "/api/v1/persons", "", good).status == 200);
    BOOST_TEST(store->kv().get(TokenService::kSecretKey).value_or("").size() == 64u);
}

BOOST_AUTO_TEST_CASE(roles_decide_what_a_user_may_do) {
    const std::string viewer = userToken("vera", "viewer");
    const std::string operatorToken = userToken("otto", "operator");
    const std::string person = R"({"userId":5,"name":"Li Lei"})";

    const auto viewerWrite = call("POST", "/api/v1/persons", person, viewer);
    BOOST_TEST(viewerWrite.status == 403);
    BOOST_TEST(viewerWrite.errorCode() == "forbidden");
    BOOST_TEST(call("GET", "/api/v1/persons", "", viewer).status == 200);
    BOOST_TEST(call("GET", "/api/v1/users", "", viewer).status == 403);
    BOOST_TEST(call("GET", "/api/v1/audit", "", viewer).status == 403);

    BOOST_TEST(call("POST", "/api/v1/persons", person, operatorToken).status == 201);
    BOOST_TEST(call("GET", "/api/v1/users", "", operatorToken).status == 403);
    BOOST_TEST(call("POST", "/api/v1/users", R"({"username":"x","password":"12345678","role":"admin"})",
                    operatorToken).status == 403);
    BOOST_TEST(call("GET", "/api/v1/audit", "", operatorToken).status == 403);

    BOOST_TEST(admin("GET", "/api/v1/users").status == 200);
    BOOST_TEST(admin("GET", "/api/v1/audit").status == 200);
}

BOOST_AUTO_TEST_CASE(disabled_deleted_or_demoted_users_lose_access_at_once) {
    const std::string viewer = userToken("dora", "viewer");
    const auto id = store->users().findByName("dora")->id;
    BOOST_TEST(call("GET", "/api/v1/persons", "", viewer).status == 200);
    BOOST_TEST(admin("PATCH", "/api/v1/users/" + std::to_string(id), R"({"disabled":true})").status == 200);
    BOOST_TEST(call("GET", "/api/v1/persons", "", viewer).status == 401);
    BOOST_TEST(login("dora", "dora-password").empty());

    const std::string operatorToken = userToken("olga", "operator");
    const auto olga = store->users().findByName("olga")->id;
    BOOST_TEST(call("POST", "/api/v1/persons", R"({"name":"A"})", operatorToken).status == 201);
    // The role that counts is the stored one, not the one inside the token.
    BOOST_TEST(admin("PATCH", "/api/v1/users/" + std::to_string(olga), R"({"role":"viewer"})").status == 200);
    BOOST_TEST(call("POST", "/api/v1/persons", R"({"name":"B"})", operatorToken).status == 403);
    BOOST_TEST(admin("DELETE", "/api/v1/users/" + std::to_string(olga)).status == 204);
    BOOST_TEST(call("GET", "/api/v1/persons", "", operatorToken).status == 401);
}

BOOST_AUTO_TEST_CASE(a_password_change_ends_older_sessions) {
    const std::string before = userToken("pete", "viewer");
    const auto id = store->users().findByName("pete")->id;
    BOOST_TEST(admin("PUT", "/api/v1/users/" + std::to_string(id), R"({"password":"brand-new-pass"})").status == 200);
    BOOST_TEST(call("GET", "/api/v1/persons", "", before).status == 401);
    BOOST_TEST(login("pete", "pete-password").empty());
    const std::string after = login("pete", "brand-new-pass");
    BOOST_TEST(call("GET", "/api/v1/persons", "", after).status == 200);
}

BOOST_AUTO_TEST_CASE(tokens_and_passwords_never_reach_the_audit_log) {
    const std::string viewer = userToken("sam", "viewer");
    const auto audit = admin("GET", "/api/v1/audit?limit=1000");
    BOOST_TEST(audit.status == 200);
    BOOST_TEST(audit.body.find("sam-password") == std::string::npos);
    BOOST_TEST(audit.body.find(kAdminPassword) == std::string::npos);
    BOOST_TEST(audit.body.find(viewer) == std::string::npos);
    BOOST_TEST(audit.body.find(adminToken) == std::string::npos);
    BOOST_TEST(audit.body.find("\"auth.login\"") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()

// The login throttle, with a clock the test moves instead of waiting.
struct ClockHolder {
    ManualClock clock;
};

struct ThrottleFixture : ClockHolder, AdminFixture {
    ThrottleFixture() : AdminFixture(withClock(&clock)) {}
    static AdminOptions withClock(const Clock* clock) {
        AdminOptions options = defaultOptions();
        options.clock = clock;
        return options;
    }
    Response attempt(const std::string& username, const std::string& password) const {
        return call("POST", "/api/v1/auth/login", R"({"username":")" + username + R"(","password":")" + password + R"("})");
    }
};

BOOST_FIXTURE_TEST_SUITE(login_throttle, ThrottleFixture)

BOOST_AUTO_TEST_CASE(the_eleventh_wrong_password_within_a_minute_is_429_until_an_admin_lifts_it) {
    for (int i = 1; i <= 10; ++i) {
        BOOST_TEST_INFO("attempt " << i);
        BOOST_TEST(attempt("admin", "wrong-" + std::to_string(i)).status == 401);
        clock.advance(std::chrono::seconds(5));  // ten tries within 50 s
    }
    const auto eleventh = attempt("admin", "wrong-11");
    BOOST_TEST(eleventh.status == 429);
    BOOST_TEST(eleventh.errorCode() == "too_many_requests");
    const int retryAfter = std::stoi(eleventh.header("Retry-After"));
    BOOST_TEST(retryAfter > 0);
    BOOST_TEST(retryAfter <= 60);
    // The right password is refused as well while the lockout lasts.
    BOOST_TEST(attempt("admin", kAdminPassword).status == 429);
    BOOST_TEST(metrics.render().find("passway_admin_login_throttled_total 2") != std::string::npos);

    // Failures and the lockout are in the audit log, without the passwords tried.
    const auto audit = admin("GET", "/api/v1/audit?limit=1000");
    BOOST_TEST(audit.status == 200);
    std::size_t failures = 0;
    for (std::size_t at = 0; (at = audit.body.find("\"auth.login_failed\"", at)) != std::string::npos; ++at) ++failures;
    BOOST_TEST(failures == 10u);
    BOOST_TEST(audit.body.find("\"auth.lockout\"") != std::string::npos);
    BOOST_TEST(audit.body.find("wrong-") == std::string::npos);

    // Admins see the lockout and lift it; lesser roles may not.
    const auto listed = admin("GET", "/api/v1/auth/lockouts");
    BOOST_TEST(listed.status == 200);
    BOOST_REQUIRE(listed.items()->size() == 1u);
    const auto item = listed.items()->getObject(0);
    BOOST_TEST(item->getValue<std::string>("kind") == "user");
    BOOST_TEST(item->getValue<std::string>("subject") == "admin");
    BOOST_TEST(item->getValue<std::int64_t>("lockedUntil") > clock.nowMillis());
    const std::string operatorToken = userToken("ops", "operator");
    BOOST_TEST(call("DELETE", "/api/v1/auth/lockouts/user/admin", "", operatorToken).status == 403);
    BOOST_TEST(admin("DELETE", "/api/v1/auth/lockouts/user/nobody").status == 404);
    BOOST_TEST(admin("DELETE", "/api/v1/auth/lockouts/everyone/admin").status == 404);
    BOOST_TEST(admin("DELETE", "/api/v1/auth/lockouts/user/admin").status == 204);
    BOOST_TEST(attempt("admin", kAdminPassword).status == 200);
    BOOST_TEST(admin("GET", "/api/v1/auth/lockouts").items()->size() == 0u);
    BOOST_TEST(admin("GET", "/api/v1/audit?limit=1000").body.find("\"auth.lockout_lift\"") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(each_next_lockout_lasts_twice_as_long_and_ends_by_itself) {
    for (int i = 0; i < 10; ++i) BOOST_TEST(attempt("admin", "wrong").status == 401);
    BOOST_TEST(attempt("admin", "wrong").header("Retry-After") == "60");
    clock.advance(std::chrono::seconds(61));
    for (int i = 0; i < 10; ++i) BOOST_TEST(attempt("admin", "wrong").status == 401);
    const auto second = attempt("admin", kAdminPassword);
    BOOST_TEST(second.status == 429);
    BOOST_TEST(second.header("Retry-After") == "120");
    clock.advance(std::chrono::seconds(119));
    BOOST_TEST(attempt("admin", kAdminPassword).status == 429);
    clock.advance(std::chrono::seconds(2));
    BOOST_TEST(attempt("admin", kAdminPassword).status == 200);
    // A success starts the user's count again: nine failures do not lock.
    for (int i = 0; i < 9; ++i) BOOST_TEST(attempt("admin", "wrong").status == 401);
    BOOST_TEST(attempt("admin", kAdminPassword).status == 200);
}

BOOST_AUTO_TEST_CASE(failures_spread_over_more_than_a_minute_do_not_lock) {
    for (int i = 0; i < 25; ++i) {
        BOOST_TEST(attempt("admin", "wrong").status == 401);
        clock.advance(std::chrono::seconds(7));  // at most 9 in any window of 60 s
    }
    BOOST_TEST(attempt("admin", kAdminPassword).status == 200);
}

BOOST_AUTO_TEST_CASE(one_address_trying_many_usernames_is_locked_as_a_source) {
    for (int i = 0; i < 30; ++i) BOOST_TEST(attempt("user" + std::to_string(i), "guess").status == 401);
    const auto locked = attempt("admin", kAdminPassword);
    BOOST_TEST(locked.status == 429);
    const auto listed = admin("GET", "/api/v1/auth/lockouts");
    BOOST_REQUIRE(listed.items()->size() == 1u);
    BOOST_TEST(listed.items()->getObject(0)->getValue<std::string>("kind") == "source");
    BOOST_TEST(listed.items()->getObject(0)->getValue<std::string>("subject") == "127.0.0.1");
    // Unknown usernames (often a password typed into the wrong field) are not kept in the audit log.
    BOOST_TEST(admin("GET", "/api/v1/audit?limit=1000").body.find("user17") == std::string::npos);
    BOOST_TEST(admin("DELETE", "/api/v1/auth/lockouts/source/127.0.0.1").status == 204);
    BOOST_TEST(attempt("admin", kAdminPassword).status == 200);
}

BOOST_AUTO_TEST_CASE(a_large_login_body_is_refused_from_its_head) {
    const std::string padding(8000, 'x');
    const auto reply = call("POST", "/api/v1/auth/login",
                            R"({"username":"admin","password":")" + std::string(kAdminPassword) + R"(","pad":")" + padding +
                                R"("})");
    BOOST_TEST(reply.status == 413);
    BOOST_TEST(reply.errorCode() == "payload_too_large");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(token_signatures_are_compared_whole) {
    const std::string key = "0123456789abcdef0123456789abcdef";
    Poco::JWT::Token token;
    token.setSubject("1");
    const std::string jwt = Poco::JWT::Signer(key).sign(token, Poco::JWT::Signer::ALGO_HS256);
    BOOST_TEST(TokenSignature::matches(key, jwt));
    BOOST_TEST(!TokenSignature::matches(key + "x", jwt));
    const std::size_t start = jwt.rfind('.') + 1;
    for (std::size_t i = start; i < jwt.size(); ++i) {
        std::string forged = jwt;
        forged[i] = forged[i] == 'A' ? 'B' : 'A';
        BOOST_TEST_INFO("signature character " << i - start);
        BOOST_TEST(!TokenSignature::matches(key, forged));
    }
    BOOST_TEST(!TokenSignature::matches(key, jwt + "A"));
    BOOST_TEST(!TokenSignature::matches(key, jwt.substr(0, jwt.size() - 1)));
    BOOST_TEST(!TokenSignature::matches(key, jwt.substr(0, start)));
    BOOST_TEST(!TokenSignature::matches(key, "no-dots-at-all"));
    BOOST_TEST(!TokenSignature::matches(key, ""));
}
