#include <boost/test/unit_test.hpp>

// /api/v1/scripts and /api/v1/outbox on a real passwayd: list, upload
// validated by compiling, test run with a sample event, enable/disable,
// errors, and the outbox's list, retry and discard, with deliveries to a
// real HTTP receiver on 127.0.0.1.

#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"
#include "support/HttpReceiver.h"
#include "support/TempDir.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/ServerSocket.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>

using namespace passway::test;
using namespace std::chrono_literals;

namespace {

std::string quoted(const std::string& text) {
    Poco::JSON::Object o;
    o.set("s", text);
    std::ostringstream out;
    o.stringify(out);
    const std::string s = out.str();  // {"s":"..."}
    return s.substr(5, s.size() - 6);
}

struct Host {
    Host() {
        std::filesystem::create_directories(dir.file("scripts"));
        std::ofstream(dir.file("scripts/hello.lua")) << "passway.on('hello', function() return 'hi' end)\n";
        process = std::make_unique<ChildProcess>(
            std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd",
            std::vector<std::string>{"--set", "http.address=127.0.0.1", "--set", "http.port=" + std::to_string(port),
                                     "--set", "scripts.dir=" + dir.file("scripts"), "--set", "outbox.poll_ms=50",
                                     "--set", "outbox.backoff_ms=100", "--set", "outbox.backoff_max_ms=200",
                                     "--set", "www.dir="},
            dir.path().string(), std::map<std::string, std::string>{{"PASSWAY_ADMIN_PASSWORD", "scripts-test-secret"}});
        BOOST_REQUIRE_MESSAGE(process->waitForLine("Admin page:", 30s), "passwayd did not start:\n" + process->output());
        token = login(port, "admin", "scripts-test-secret");
        BOOST_REQUIRE(!token.empty());
    }
    ~Host() {
        if (process && process->running()) {
            process->kill(SIGTERM);
            process->waitExit(20s);
        }
    }
    HttpReply api(const std::string& method, const std::string& path, const std::string& body = "") const {
        return httpRequest(port, method, "/api/v1" + path, body, token);
    }
    Poco::JSON::Object::Ptr outboxItem(std::int64_t id) const {
        const auto reply = api("GET", "/outbox/" + std::to_string(id));
        return reply.status == 200 ? reply.json() : nullptr;
    }

    TempDir dir{"passway-admin-scripts"};
    std::uint16_t port = freePort();
    std::unique_ptr<ChildProcess> process;
    std::string token;
};

}  // namespace

BOOST_AUTO_TEST_CASE(scripts_are_listed_uploaded_after_compiling_test_run_and_switched) {
    HttpReceiver receiver;
    Host host;
    auto list = host.api("GET", "/scripts");
    BOOST_REQUIRE_MESSAGE(list.status == 200, list.body);
    BOOST_REQUIRE(list.json()->getValue<int>("total") == 1);
    BOOST_TEST(list.json()->getArray("items")->getObject(0)->getValue<std::string>("state") == "running");

    auto bad = host.api("PUT", "/scripts/sender", R"x({"source":"passway.on('demo', function() return end end)"})x");
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(bad.json()->getObject("error")->getValue<std::string>("field") == "source");
    BOOST_TEST(!std::filesystem::exists(host.dir.file("scripts/sender.lua")));

    const std::string source =
        "passway.on('demo', function(e)\n"
        "  passway.log.info('sending', e.n)\n"
        "  return passway.outbox.send{url = '" + receiver.url("/in") + "', headers = {['X-Api-Key'] = 'k-123'},\n"
        "                              body = {n = e.n}, key = 'demo-' .. e.n}\n"
        "end)\n";
    auto saved = host.api("PUT", "/scripts/sender", "{\"source\":" + quoted(source) + "}");
    BOOST_REQUIRE_MESSAGE(saved.status == 201, saved.body);
    BOOST_TEST(saved.json()->getValue<std::string>("state") == "running");
    BOOST_TEST(host.api("GET", "/scripts/sender").json()->getValue<std::string>("source") == source);

    auto run = host.api("POST", "/scripts/sender/test", R"({"topic":"demo","payload":{"n":1}})");
    BOOST_REQUIRE_MESSAGE(run.status == 200, run.body);
    BOOST_TEST(run.json()->getValue<bool>("ok"));
    const auto id = run.json()->getValue<std::int64_t>("result");
    BOOST_TEST(run.json()->getArray("log")->getElement<std::string>(0) == "info: sending 1");
    BOOST_REQUIRE(eventually([&] { return receiver.count() == 1; }));
    BOOST_TEST(receiver.requests()[0].headers.at("Idempotency-Key") == "demo-1");
    BOOST_REQUIRE(eventually([&] { return host.outboxItem(id)->getValue<std::string>("state") == "delivered"; }));
    const auto item = host.outboxItem(id);
    BOOST_TEST(item->getObject("headers")->getValue<std::string>("X-Api-Key") == "***");
    BOOST_TEST(item->getValue<std::string>("origin") == "script:sender");

    BOOST_TEST(host.api("POST", "/scripts/sender/disable").json()->getValue<std::string>("state") == "disabled");
    BOOST_TEST(host.api("POST", "/scripts/sender/enable").json()->getValue<std::string>("state") == "running");
    BOOST_TEST(host.api("GET", "/scripts/nope").status == 404);
    BOOST_TEST(host.api("GET", "/scripts/sender/errors").status == 200);

    const auto audit = host.api("GET", "/audit?action=script.save");
    BOOST_REQUIRE(audit.status == 200);
    BOOST_TEST(audit.json()->getValue<int>("total") == 1);
    BOOST_TEST(audit.body.find("k-123") == std::string::npos);  // the source is not copied into the audit log
}

BOOST_AUTO_TEST_CASE(the_outbox_is_listed_retried_and_discarded) {
    HttpReceiver receiver;
    receiver.setStatus(400);  // refused for good: dead after one attempt
    Host host;
    const std::string source = "passway.on('demo', function(e) return passway.outbox.send{url = '" +
                               receiver.url("/in") + "', body = 'n=' .. e.n} end)\n";
    BOOST_REQUIRE(host.api("PUT", "/scripts/sender", "{\"source\":" + quoted(source) + "}").status == 201);
    const auto first = host.api("POST", "/scripts/sender/test", R"({"topic":"demo","payload":{"n":1}})");
    const auto id = first.json()->getValue<std::int64_t>("result");
    BOOST_REQUIRE(eventually([&] { return host.outboxItem(id)->getValue<std::string>("state") == "dead"; }));
    BOOST_TEST(host.outboxItem(id)->getValue<std::string>("lastError") == "HTTP 400");
    const auto dead = host.api("GET", "/outbox?state=dead");
    BOOST_TEST(dead.json()->getValue<int>("total") == 1);
    BOOST_TEST(host.api("GET", "/outbox?state=lost").status == 400);

    receiver.setStatus(200);
    const auto retried = host.api("POST", "/outbox/" + std::to_string(id) + "/retry");
    BOOST_REQUIRE_MESSAGE(retried.status == 200, retried.body);
    BOOST_REQUIRE(eventually([&] { return host.outboxItem(id)->getValue<std::string>("state") == "delivered"; }));
    BOOST_TEST(host.api("POST", "/outbox/" + std::to_string(id) + "/retry").status == 409);

    receiver.setStatus(503);
    const auto second = host.api("POST", "/scripts/sender/test", R"({"topic":"demo","payload":{"n":2}})");
    const auto other = second.json()->getValue<std::int64_t>("result");
    BOOST_REQUIRE(eventually([&] { return host.outboxItem(other)->getValue<int>("attempts") >= 1; }));
    BOOST_TEST(host.api("POST", "/outbox/" + std::to_string(other) + "/discard").status == 204);
    BOOST_TEST(host.api("GET", "/outbox/" + std::to_string(other)).status == 404);
    BOOST_TEST(host.api("GET", "/audit?action=outbox.discard").json()->getValue<int>("total") == 1);
}

// The event journal through the admin API: a handler's dead letter in the
// script's errors and /metrics, a disabled script's lag, and skip-to-now
// (audited).
BOOST_AUTO_TEST_CASE(dead_letters_and_lag_are_visible_and_an_admin_can_skip_to_now) {
    Host host;
    const auto put = [&](const std::string& name, const std::string& source) {
        const auto reply = host.api("PUT", "/scripts/" + name, "{\"source\":" + quoted(source) + "}");
        BOOST_REQUIRE_MESSAGE(reply.status == 200 || reply.status == 201, reply.body);
        return reply.json();
    };
    const auto saved = put("sink", "passway.on('demo', function(e) if e.bad then error('refused ' .. e.seq) end end)\n");
    BOOST_REQUIRE(saved->has("journal"));
    BOOST_TEST(saved->getObject("journal")->getValue<bool>("running"));
    // A test run's API calls are real: this one publishes into the journal.
    put("pub", "passway.on('go', function(e) assert(passway.publish('demo', {bad = e.bad})) end)\n");
    const auto publish = [&](bool bad) {
        const auto run = host.api("POST", "/scripts/pub/test",
                                  std::string(R"({"topic":"go","payload":{"bad":)") + (bad ? "true" : "false") + "}}");
        BOOST_REQUIRE_MESSAGE(run.status == 200 && run.json()->getValue<bool>("ok"), run.body);
    };
    publish(true);
    Poco::JSON::Array::Ptr dead;
    BOOST_REQUIRE(eventually([&] {
        const auto errors = host.api("GET", "/scripts/sink/errors");
        dead = errors.json()->getArray("deadLetters");
        return dead->size() == 1;
    }, 20s));
    BOOST_TEST(dead->getObject(0)->getValue<std::string>("topic") == "demo");
    BOOST_TEST(dead->getObject(0)->getValue<std::string>("error").find("refused") != std::string::npos);
    BOOST_TEST(dead->getObject(0)->getValue<int>("attempts") == 3);
    const auto metrics = httpRequest(host.port, "GET", "/metrics", "", host.token);
    BOOST_TEST(metrics.body.find("passway_journal_dead_letters{subscriber=\"script:sink\"} 1") != std::string::npos,
               metrics.body);

    BOOST_REQUIRE(host.api("POST", "/scripts/sink/disable").status == 200);
    for (int i = 0; i < 3; ++i) publish(false);
    const auto behind = host.api("GET", "/scripts/sink").json()->getObject("journal");
    BOOST_TEST(!behind->getValue<bool>("running"));
    BOOST_TEST(behind->getValue<std::int64_t>("lagEvents") >= 3);

    const auto skipped = host.api("POST", "/scripts/sink/skip-to-now");
    BOOST_REQUIRE_MESSAGE(skipped.status == 200, skipped.body);
    BOOST_TEST(skipped.json()->getObject("journal")->getValue<std::int64_t>("lagEvents") == 0);
    const auto audit = host.api("GET", "/audit?action=script.skip_to_now");
    BOOST_TEST(audit.json()->getValue<int>("total") == 1);
}
