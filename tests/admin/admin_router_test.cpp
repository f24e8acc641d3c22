#include <boost/test/unit_test.hpp>

// The Router: routing, errors as JSON, body limits, the audit log of writes,
// request metrics, /metrics, /api/v1/health and the static admin page —
// through the real AdminServer, plus a bare Router with routes made for the
// cases the real API should never produce (an unexpected exception).

#include "AdminFixture.h"

#include "admin/auth/TokenService.h"
#include "admin/http/ApiError.h"
#include "admin/http/Router.h"

#include "net/HttpServer.h"

#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>

using namespace passway;
using namespace passway::admin;
using namespace passway::test;

namespace {

struct SmallBodies : AdminFixture {
    static AdminOptions options() {
        AdminOptions o = defaultOptions();
        o.maxBodyBytes = 4096;
        return o;
    }
    SmallBodies() : AdminFixture(options()) {}
};

// Serves a hand-built Router on 127.0.0.1.
class BareServer {
public:
    explicit BareServer(Router& router) {
        class Handler : public net::HttpHandler {
        public:
            explicit Handler(Router& r) : r_(r) {}
            net::BodyPlan planBody(const net::HttpRequest& head) override { return r_.planBody(head); }
            net::HttpResponse tooLarge(const net::HttpRequest& head) override { return r_.tooLarge(head); }
            void handle(net::HttpRequest& q, std::shared_ptr<net::HttpResponder> s) override { r_.handle(q, *s); }
            Router& r_;
        };
        net::HttpServerOptions options;
        options.name = "bare";
        options.address = "127.0.0.1";
        options.ioThreads = 1;
        options.workers = 2;
        server_ = std::make_unique<net::HttpServer>(options, std::make_shared<Handler>(router));
    }
    ~BareServer() { server_->stop(std::chrono::seconds(1)); }
    std::uint16_t port() const { return server_->port(); }

private:
    std::unique_ptr<net::HttpServer> server_;
};

Response rawCall(std::uint16_t port, const std::string& method, const std::string& path, const std::string& body = "") {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!body.empty()) {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(request) << body;
    } else {
        session.sendRequest(request);
    }
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Response reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(through_the_admin_server, AdminFixture)

BOOST_AUTO_TEST_CASE(unknown_routes_are_404_and_wrong_methods_405) {
    const auto missing = admin("GET", "/api/v1/nothing-here");
    BOOST_TEST(missing.status == 404);
    BOOST_TEST(missing.errorCode() == "not_found");
    BOOST_TEST(call("GET", "/api/v1/nothing-here").status == 404);  // 404 before auth: nothing to protect
    const auto wrongMethod = admin("DELETE", "/api/v1/persons");
    BOOST_TEST(wrongMethod.status == 405);
    BOOST_TEST(wrongMethod.errorCode() == "method_not_allowed");
    BOOST_TEST(wrongMethod.header("Allow").find("POST") != std::string::npos);
    BOOST_TEST(wrongMethod.header("Allow").find("GET") != std::string::npos);
    BOOST_TEST(admin("GET", "/api/v1/persons/not-a-number").status == 404);
    BOOST_TEST(admin("GET", "/api/v1/persons/99999999999").status == 404);  // beyond uint32
}

BOOST_AUTO_TEST_CASE(bad_json_is_400_with_a_clear_message) {
    const auto broken = admin("POST", "/api/v1/persons", "{\"name\": ");
    BOOST_TEST(broken.status == 400);
    BOOST_TEST(broken.errorCode() == "bad_json");
    const auto notObject = admin("POST", "/api/v1/persons", "[1,2]");
    BOOST_TEST(notObject.status == 400);
    BOOST_TEST(notObject.errorMessage().find("JSON object") != std::string::npos);
    const auto wrongType = admin("POST", "/api/v1/persons", R"({"name":"x","userId":"12"})");
    BOOST_TEST(wrongType.status == 400);
    BOOST_TEST(wrongType.errorField() == "userId");
}

BOOST_AUTO_TEST_CASE(store_conflicts_are_409) {
    BOOST_TEST(admin("POST", "/api/v1/persons", R"({"name":"A","credentials":[{"kind":"card","value":"C-1"}]})")
                   .status == 201);
    const auto clash = admin("POST", "/api/v1/persons", R"({"name":"B","credentials":[{"kind":"card","value":"C-1"}]})");
    BOOST_TEST(clash.status == 409);
    BOOST_TEST(clash.errorCode() == "conflict");
}

BOOST_AUTO_TEST_CASE(the_databases_own_text_never_reaches_an_answer) {
    // The same card twice on one person passes the repository's check (no
    // other holder) and meets SQLite's unique index: its message names the
    // table and the statement, which belong in the log only.
    const auto clash = admin("POST", "/api/v1/persons",
                             R"({"name":"A","credentials":[{"kind":"card","value":"C-7"},{"kind":"card","value":"C-7"}]})");
    BOOST_TEST_INFO(clash.body);
    BOOST_TEST((clash.status == 409 || clash.status == 400));
    for (const char* internal : {"sqlite", "SQLITE", "UNIQUE", "constraint", "person_credentials", "INSERT", "SELECT"}) {
        BOOST_TEST_INFO(internal);
        BOOST_TEST(clash.body.find(internal) == std::string::npos);
    }
    // A store error made from SQLite's text keeps it for the log, not for the client.
    const StoreError raw = StoreError::fromDatabase("sqlite: UNIQUE constraint failed: t.c (INSERT INTO t ...)", true);
    BOOST_TEST(std::string(raw.what()).find("INSERT") != std::string::npos);
    BOOST_TEST(raw.publicMessage().find("INSERT") == std::string::npos);
    BOOST_TEST(StoreError("card 9 is already held by person 7", true).publicMessage() == "card 9 is already held by person 7");
}

BOOST_AUTO_TEST_CASE(health_needs_no_token_and_names_no_paths) {
    const auto health = call("GET", "/api/v1/health");
    BOOST_TEST(health.status == 200);
    const auto body = health.json();
    BOOST_TEST(body->getValue<std::string>("status") == "ok");
    BOOST_TEST(!body->getValue<std::string>("version").empty());
    BOOST_TEST(body->getValue<int>("schemaVersion") == store->schemaVersion());
    BOOST_TEST(body->getValue<std::string>("store") == "sqlite");
    BOOST_TEST(body->getValue<std::int64_t>("uptimeSeconds") >= 0);
    BOOST_TEST(health.body.find(dir.path().string()) == std::string::npos);
}

BOOST_AUTO_TEST_CASE(metrics_count_requests_by_status_in_prometheus_text) {
    call("GET", "/api/v1/health");
    call("GET", "/api/v1/persons");  // 401
    const auto metricsReply = call("GET", "/metrics");
    BOOST_TEST(metricsReply.status == 200);
    BOOST_TEST(metricsReply.contentType.find("text/plain") == 0);
    const std::string& text = metricsReply.body;
    BOOST_TEST(text.find("# TYPE passway_http_requests_total counter") != std::string::npos);
    BOOST_TEST(text.find("passway_http_requests_total{code=\"401\"} 1") != std::string::npos);
    // The login of the fixture and the health call above: two 200s before this scrape.
    BOOST_TEST(text.find("passway_http_requests_total{code=\"200\"} 2") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(static_files_are_served_with_their_types) {
    const auto index = call("GET", "/");
    BOOST_TEST(index.status == 200);
    BOOST_TEST(index.contentType == "text/html; charset=utf-8");
    BOOST_TEST(index.body.find("Passway test page") != std::string::npos);
    BOOST_TEST(call("GET", "/index.html").body == index.body);
    const auto css = call("GET", "/css/site.css");
    BOOST_TEST(css.status == 200);
    BOOST_TEST(css.contentType == "text/css; charset=utf-8");
    BOOST_TEST(call("GET", "/missing.js").status == 404);
    const auto head = call("HEAD", "/css/site.css");
    BOOST_TEST(head.status == 200);
    BOOST_TEST(head.body.empty());
}

BOOST_AUTO_TEST_CASE(the_page_and_the_api_carry_the_security_headers) {
    for (const auto& reply : {call("GET", "/"), call("GET", "/missing.js"), admin("GET", "/api/v1/persons"),
                              call("POST", "/api/v1/persons", "{}")}) {
        const std::string csp = reply.header("Content-Security-Policy");
        BOOST_TEST(csp.find("script-src 'self';") != std::string::npos);
        BOOST_TEST(csp.find("unsafe-inline") == std::string::npos);
        BOOST_TEST(csp.find("unsafe-eval") == std::string::npos);
        BOOST_TEST(csp.find("frame-ancestors 'none'") != std::string::npos);
        BOOST_TEST(reply.header("X-Frame-Options") == "DENY");
        BOOST_TEST(reply.header("Referrer-Policy") == "no-referrer");
        BOOST_TEST(reply.header("X-Content-Type-Options") == "nosniff");
    }
}

BOOST_AUTO_TEST_CASE(path_traversal_never_leaves_the_web_root) {
    for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/css/../../secret.txt", "/..%2fsecret.txt",
                             "/css/%2e%2e/%2e%2e/secret.txt", "/..\\secret.txt", "/%00/secret.txt"}) {
        BOOST_TEST_INFO(path);
        const auto reply = call("GET", path);
        BOOST_TEST(reply.status == 404);
        BOOST_TEST(reply.body.find("outside the web root") == std::string::npos);
    }
    // A symbolic link out of the root is refused too.
    std::filesystem::create_symlink(dir.path() / "secret.txt", dir.path() / "www" / "link.txt");
    BOOST_TEST(call("GET", "/link.txt").status == 404);
}

BOOST_AUTO_TEST_CASE(every_write_is_audited_without_secrets) {
    const auto created = admin("POST", "/api/v1/persons",
                               R"({"userId":42,"name":"Li Lei","credentials":[{"kind":"password","value":"9731"},)"
                               R"({"kind":"card","value":"CARD-42"}]})");
    BOOST_REQUIRE(created.status == 201);
    BOOST_TEST(created.body.find("9731") == std::string::npos);  // a person's password is not shown either
    BOOST_TEST(admin("PATCH", "/api/v1/persons/42", R"({"job":"engineer"})").status == 200);
    BOOST_TEST(admin("POST", "/api/v1/users", R"({"username":"newbie","password":"hunter2hunter2","role":"viewer"})")
                   .status == 201);
    BOOST_TEST(admin("DELETE", "/api/v1/persons/42").status == 204);
    BOOST_TEST(admin("PATCH", "/api/v1/persons/42", R"({"job":"ghost"})").status == 404);  // failures are not audited

    const auto entries = store->audit().list(AuditQuery{"admin", "", "", 0, 100});
    std::map<std::string, AuditEntry> byAction;
    for (const auto& e : entries.items) byAction.emplace(e.action, e);  // newest first: keeps the latest
    BOOST_REQUIRE(byAction.count("person.create"));
    BOOST_TEST(byAction["person.create"].target == "person:42");
    BOOST_TEST(byAction["person.create"].detail.find("CARD-42") != std::string::npos);
    BOOST_TEST(byAction["person.create"].detail.find("9731") == std::string::npos);
    BOOST_TEST(byAction["person.update"].target == "person:42");
    BOOST_TEST(byAction["person.update"].detail.find("engineer") != std::string::npos);
    BOOST_TEST(byAction["person.delete"].target == "person:42");
    BOOST_REQUIRE(byAction.count("user.create"));
    BOOST_TEST(byAction["user.create"].detail.find("hunter2") == std::string::npos);
    BOOST_TEST(byAction["user.create"].detail.find("newbie") != std::string::npos);
    BOOST_TEST(store->audit().list(AuditQuery{"", "person.update", "", 0, 100}).total == 1);

    // The audit API filters the same way.
    const auto viaApi = admin("GET", "/api/v1/audit?action=person.create&target=person:42");
    BOOST_TEST(viaApi.status == 200);
    BOOST_TEST(viaApi.json()->getValue<int>("total") == 1);
    BOOST_TEST(viaApi.items()->getObject(0)->getValue<std::string>("actor") == "admin");
    BOOST_TEST(viaApi.items()->getObject(0)->getObject("detail")->getValue<std::string>("name") == "Li Lei");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(limits, SmallBodies)

BOOST_AUTO_TEST_CASE(bodies_over_the_limit_are_413) {
    const std::string big = R"({"name":")" + std::string(8000, 'x') + R"("})";
    const auto reply = admin("POST", "/api/v1/persons", big);
    BOOST_TEST(reply.status == 413);
    BOOST_TEST(reply.errorCode() == "payload_too_large");
    BOOST_TEST(admin("POST", "/api/v1/persons", R"({"name":"fits"})").status == 201);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_FIXTURE_TEST_SUITE(bare_router, AdminFixture)

BOOST_AUTO_TEST_CASE(unexpected_errors_are_500_without_internals) {
    TokenService tokens(*store, 600);
    Router router(tokens, *store, metrics, 1024);
    router.get("/api/v1/boom", Role::Public,
               [](RequestContext&) -> Reply { throw std::runtime_error("sqlite: /var/lib/secret.db is corrupt"); });
    router.get("/api/v1/conflict", Role::Public,
               [](RequestContext&) -> Reply { throw StoreError("duplicate card", true); });
    router.get("/api/v1/items/{id}", Role::Public,
               [](RequestContext& c) { return Reply::json(Poco::Dynamic::Var("param " + c.param("id"))); });
    router.get("/api/v1/items/special", Role::Public,
               [](RequestContext&) { return Reply::json(Poco::Dynamic::Var("literal")); });
    BareServer server(router);

    const auto boom = rawCall(server.port(), "GET", "/api/v1/boom");
    BOOST_TEST(boom.status == 500);
    BOOST_TEST(boom.body.find("internal_error") != std::string::npos);
    BOOST_TEST(boom.body.find("secret") == std::string::npos);
    BOOST_TEST(rawCall(server.port(), "GET", "/api/v1/conflict").status == 409);
    // A literal segment wins over a parameter, whatever the order of declaration.
    BOOST_TEST(rawCall(server.port(), "GET", "/api/v1/items/special").body == "\"literal\"");
    BOOST_TEST(rawCall(server.port(), "GET", "/api/v1/items/7").body == "\"param 7\"");
    BOOST_TEST(rawCall(server.port(), "GET", "/api/v1/items/a%2Fb").body == "\"param a/b\"");
    BOOST_TEST(metrics.render().find("passway_http_requests_total{code=\"500\"} 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_write_route_cannot_be_declared_without_an_audit_action) {
    TokenService tokens(*store, 600);
    Router router(tokens, *store, metrics, 1024);
    const auto handler = [](RequestContext&) { return Reply::noContent(); };
    BOOST_CHECK_THROW(router.write("POST", "/api/v1/x", Role::Admin, {"", ""}, handler), std::invalid_argument);
    BOOST_CHECK_THROW(router.write("GET", "/api/v1/x", Role::Admin, {"x.read", ""}, handler), std::invalid_argument);
    BOOST_CHECK_NO_THROW(router.write("POST", "/api/v1/x", Role::Admin, {"x.create", "x"}, handler));
}

BOOST_AUTO_TEST_CASE(every_write_route_of_the_api_declares_an_audit_action_and_a_role) {
    // Walk the real route table: the property holds for every route, not just the ones tested above.
    std::size_t writes = 0;
    for (const auto& route : server->router().routes()) {
        BOOST_TEST_INFO(route.method + " " + route.pattern);
        if (route.method != "GET") {
            ++writes;
            BOOST_TEST((route.audit.has_value() && !route.audit->action.empty()));
        }
        const bool open = route.pattern == "/api/v1/health" || route.pattern == "/metrics" ||
                          route.pattern == "/api/v1/auth/login";
        BOOST_TEST((route.role == Role::Public) == open);
    }
    BOOST_TEST(writes >= 15u);
}

BOOST_AUTO_TEST_SUITE_END()
