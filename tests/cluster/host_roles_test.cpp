#include <boost/test/unit_test.hpp>

// What each host of a cluster runs (two real passwayd on one real
// PostgreSQL; skipped, 77, without one):
//  - every host loads the scripts: the admin API's script pages answer on
//    a follower, and on_authorize decides for a terminal connected to it;
//  - a script edited through one host's admin API (saved, disabled,
//    enabled, its settings changed) is what the other host runs;
//  - a plugin's durable subscription (the henan uplink to a simulated
//    platform) runs on the leader only, so each record is uploaded once,
//    and moves to the other host when the leader is killed, going on from
//    the shared cursor; so does the uplink's heartbeat loop, which learns
//    its host's role through PluginContext::onLeadership;
//  - a host does not sweep offline a terminal that another host holds, and
//    the leader marks offline one that no host holds any more.

#include "ClusterTestHost.h"
#include "sim/henan/SimPlatform.h"
#include "sim/httpv2/Terminal.h"
#include "support/PostgresServer.h"

using namespace passway::test;
using namespace std::chrono_literals;
namespace hsim = passway::sim::httpv2;
namespace platformsim = passway::sim::henan;

namespace {

constexpr const char* kPlatformApp = "platform-app";
constexpr const char* kPlatformSecret = "platform-secret-9";
constexpr const char* kSubscriber = "plugin:henan:uplink-city";

std::string gate(const std::string& message) {
    return "-- @setting suffix string \"\" appended to the refusal\n"
           "passway.on_authorize(function(r)\n"
           "  local p = r.userId and passway.persons.get(r.userId)\n"
           "  local text = '" + message + "' .. passway.config.get('suffix', '')\n"
           "  if p and p.department == 'Night' then return {allow = false, message = text} end\n"
           "  return nil\n"
           "end)\n";
}

hsim::RecordSpec punch(std::uint64_t recordId, std::int64_t at) {
    hsim::RecordSpec r;
    r.recordId = recordId;
    r.recordType = 3;
    r.recordDate = at;
    r.userId = std::to_string(100 + recordId);
    r.name = "user " + r.userId;
    r.bodyTemp = 365;
    return r;
}

std::unique_ptr<hsim::Terminal> terminal(const std::string& sn, std::uint16_t port) {
    hsim::TerminalOptions o;
    o.sn = sn;
    o.host = "127.0.0.1";
    o.port = port;
    o.timeout = 10s;
    auto t = std::make_unique<hsim::Terminal>(o);
    BOOST_REQUIRE_MESSAGE(t->runUntil([&] { return t->lastReport().keepaliveSuccess == 1; }, 15s),
                          sn + " is not accepted");
    return t;
}

// A henan uplink "city" to `platform`, heartbeating every second.
std::vector<std::string> henanUplink(const platformsim::SimPlatform& platform) {
    return {"plugin.henan.port=" + std::to_string(freePort()), "plugin.henan.utc_offset_minutes=480",
            "plugin.henan.uplink.city.url=" + platform.url(), std::string("plugin.henan.uplink.city.appid=") + kPlatformApp,
            std::string("plugin.henan.uplink.city.secret=") + kPlatformSecret,
            "plugin.henan.uplink.city.sn=PASSWAY-CLUSTER-1", "plugin.henan.uplink.city.heartbeat_s=1",
            "plugin.henan.uplink.city.retry_s=1", "devices.auto_activate=true"};
}

std::string scriptField(const ClusterTestHost& host, const std::string& field) {
    const auto reply = host.api("GET", "/scripts/gate");
    return reply.status == 200 ? reply.json()->optValue<std::string>(field, "") : "";
}

}  // namespace

BOOST_AUTO_TEST_CASE(followers_load_scripts_share_their_edits_and_leave_durable_feeds_to_the_leader) {
    auto& database = postgresForTests();
    const std::string url = database.freshStoreUrl();
    platformsim::SimPlatform platform(kPlatformApp, kPlatformSecret);
    const auto settings = [&] { return henanUplink(platform); };
    auto a = std::make_unique<ClusterTestHost>("roles-a", url, std::map<std::string, std::string>{{"gate", gate("v1 says no")}},
                                               settings(), "httpv2,henan");
    ClusterTestHost b("roles-b", url, {{"gate", gate("v1 says no")}}, settings(), "httpv2,henan");
    BOOST_REQUIRE_MESSAGE(eventually([&] { return b.leads("roles-a") && b.clusterHost("roles-b"); }, 10s),
                          httpRequest(b.httpPort, "GET", "/api/v1/health").body);

    // The uplink's durable subscription runs on the leader only.
    BOOST_TEST(eventually([&] { return a->runsSubscriber(kSubscriber); }, 10s), a->log());
    BOOST_TEST(!b.runsSubscriber(kSubscriber), httpRequest(b.httpPort, "GET", "/metrics").body);

    // The follower has its scripts: the admin pages answer there...
    const auto listed = b.api("GET", "/scripts");
    BOOST_REQUIRE(listed.status == 200);
    BOOST_TEST(listed.json()->getValue<int>("total") == 1, listed.body);
    const auto tried = b.api("POST", "/scripts/gate/test", R"({"topic":"authorize","payload":{"userId":1}})");
    BOOST_TEST(tried.status == 200, tried.body);
    // ...and on_authorize decides for a terminal connected to it.
    BOOST_REQUIRE(b.api("POST", "/persons", R"({"userId":7,"name":"Night Owl","department":"Night"})").status == 201);
    const auto onB = terminal("ROLES-HTTP-B", b.httpv2Port);
    const auto refused = onB->requestAuthorization(hsim::faceAttempt("7"));
    BOOST_REQUIRE_MESSAGE(refused.error.empty(), refused.error);
    BOOST_TEST(refused.success == 0);
    BOOST_TEST(refused.message == "v1 says no", b.log());

    // A script saved through B is what A runs.
    const auto onA = terminal("ROLES-HTTP-A", a->httpv2Port);
    BOOST_TEST(onA->requestAuthorization(hsim::faceAttempt("7")).message == "v1 says no");
    Poco::JSON::Object body;
    body.set("source", gate("v2 says no"));
    std::ostringstream text;
    body.stringify(text);
    const auto saved = b.api("PUT", "/scripts/gate", text.str());
    BOOST_REQUIRE_MESSAGE(saved.status == 200, saved.body);
    BOOST_TEST(eventually([&] { return scriptField(*a, "source") == gate("v2 says no"); }, 10s), a->log());
    BOOST_TEST(onA->requestAuthorization(hsim::faceAttempt("7")).message == "v2 says no");
    // Disabled and enabled through B: so on A.
    BOOST_REQUIRE(b.api("POST", "/scripts/gate/disable").status == 200);
    BOOST_TEST(eventually([&] { return scriptField(*a, "state") == "disabled"; }, 10s));
    BOOST_TEST(onA->requestAuthorization(hsim::faceAttempt("7")).success != 0);  // the built-in rules let the person in
    BOOST_REQUIRE(b.api("POST", "/scripts/gate/enable").status == 200);
    BOOST_TEST(eventually([&] { return scriptField(*a, "state") == "running"; }, 10s));
    BOOST_TEST(onA->requestAuthorization(hsim::faceAttempt("7")).message == "v2 says no");
    // Its settings changed on B's admin page: A reads them too.
    const auto set = b.api("PUT", "/scripts/gate/settings", R"({"values":{"suffix":", says B"}})");
    BOOST_REQUIRE_MESSAGE(set.status == 200, set.body);
    BOOST_TEST(eventually([&] { return onA->requestAuthorization(hsim::faceAttempt("7")).message == "v2 says no, says B"; }, 10s),
               a->log());

    // Records reach the platform once: only the leader's uplink reads the journal.
    const std::int64_t base = 1772409600;  // 2026-03-02 00:00:00 UTC
    for (std::uint64_t i = 1; i <= 3; ++i) onA->addRecord(punch(i, base + 60 * i));
    BOOST_REQUIRE_MESSAGE(onA->runUntil([&] { return platform.punches().size() >= 3; }, 20s),
                          std::to_string(platform.punches().size()) + " of 3 punches\n" + a->log());
    BOOST_TEST(platform.duplicates() == 0u);
    // Delivery is at least once across a crash: an upload whose cursor a
    // killed host had not committed yet goes out again from its successor.
    // So the leader is killed once its cursor is past what it uploaded.
    BOOST_REQUIRE_MESSAGE(eventually([&] { return a->subscriberLag(kSubscriber) == 0; }, 10s), a->log());

    // The leader dies: B leads, runs the uplink and goes on from the shared cursor.
    a->process->kill(SIGKILL);
    BOOST_REQUIRE(a->process->waitExit(10s).value_or(0) == 128 + SIGKILL);
    BOOST_REQUIRE(eventually([&] { return b.leads("roles-b"); }, 15s));
    BOOST_TEST(eventually([&] { return b.runsSubscriber(kSubscriber); }, 10s), b.log());
    for (std::uint64_t i = 4; i <= 5; ++i) onB->addRecord(punch(i, base + 60 * i));
    BOOST_REQUIRE_MESSAGE(onB->runUntil([&] { return platform.punches().size() >= 5; }, 20s),
                          std::to_string(platform.punches().size()) + " of 5 punches\n" + b.log());
    BOOST_TEST(platform.punches().size() == 5u);
    BOOST_TEST(platform.duplicates() == 0u);
}

// A host that stops hearing from a terminal does not call it offline while
// another host holds its connection. B loads A's terminal from the store as
// online, with the last contact A wrote (A writes contact only every
// plugin.httpv2.last_seen_persist_s while the terminal stays), so B's sweep
// finds it silent at once; the store must keep it online.
BOOST_AUTO_TEST_CASE(a_terminal_connected_to_another_host_is_not_swept_offline) {
    auto& database = postgresForTests();
    const std::string url = database.freshStoreUrl();
    // Leases long enough that a loaded machine delaying A's renewal does not end A's.
    ClusterTestHost a("host-a", url, {}, {"cluster.lease_ms=5000"}, "httpv2");
    hsim::Terminal t([&] {
        hsim::TerminalOptions o;
        o.sn = "ROLES-SWEEP-1";
        o.host = "127.0.0.1";
        o.port = a.httpv2Port;
        o.timeout = 10s;
        o.keepaliveSeconds = 5;
        return o;
    }());
    BOOST_REQUIRE(t.runUntil([&] { return a.deviceId("ROLES-SWEEP-1") != 0; }, 15s));
    const std::int64_t id = a.deviceId("ROLES-SWEEP-1");
    BOOST_REQUIRE(a.api("POST", "/devices/" + std::to_string(id) + "/activate").status == 200);
    BOOST_REQUIRE(t.runUntil([&] { return t.lastReport().keepaliveSuccess == 1; }, 15s));
    t.start();  // keeps talking to A: A hears it all along
    const auto online = [&](const ClusterTestHost& host) {
        const auto reply = host.api("GET", "/devices/" + std::to_string(id));
        return reply.status == 200 && reply.json()->getValue<bool>("online");
    };
    BOOST_REQUIRE(eventually([&] { return online(a) && a.devicesHeld("host-a") == 1; }, 10s));

    // B calls a terminal silent after one keepalive period (5 s, as reported).
    ClusterTestHost b("host-b", url, {}, {"plugin.httpv2.offline_after_keepalives=1", "plugin.httpv2.sweep_interval_s=1"},
                      "httpv2");
    BOOST_REQUIRE_MESSAGE(b.process->waitForLine("terminal ROLES-SWEEP-1 offline (silent since", 30s),
                          b.process->output());
    const std::string notOffline = "ROLES-SWEEP-1 is silent here but connected to another host; not offline";
    // Either the host kept it online (and says so) or the store has it offline.
    BOOST_REQUIRE(eventually([&] { return b.process->output().find(notOffline) != std::string::npos || !online(b); },
                             10s));
    BOOST_TEST(b.process->output().find(notOffline) != std::string::npos, b.process->output());
    BOOST_TEST(online(b));
    BOOST_TEST(a.devicesHeld("host-a") == 1);
    BOOST_TEST(b.process->output().find("cannot record going offline") == std::string::npos);
}

// The other half of the case above: once the host that held a terminal is
// gone and the terminal came back to no host, nobody's own sweep looks at it
// again; the leader (B, started first) marks it offline and publishes
// device.offline (its script logs it) after cluster.unheld_offline_ms; while
// A held it, the leader left it online.
BOOST_AUTO_TEST_CASE(the_leader_marks_offline_a_terminal_that_no_host_holds) {
    auto& database = postgresForTests();
    const std::string url = database.freshStoreUrl();
    const std::string script = "passway.on('device.offline', function(e)\n"
                               "  passway.log.info('offline event for ' .. e.serial .. ' last seen ' .. e.lastSeen)\n"
                               "end)\n";
    ClusterTestHost b("unheld-b", url, {{"offline_log", script}}, {"cluster.unheld_offline_ms=3000"}, "httpv2");
    BOOST_REQUIRE(eventually([&] { return b.leads("unheld-b"); }, 10s));
    // A's leases outlast a loaded machine delaying its renewals.
    auto a = std::make_unique<ClusterTestHost>("unheld-a", url, std::map<std::string, std::string>{},
                                               std::vector<std::string>{"cluster.lease_ms=5000"}, "httpv2");
    auto t = std::make_unique<hsim::Terminal>([&] {
        hsim::TerminalOptions o;
        o.sn = "ROLES-UNHELD-1";
        o.host = "127.0.0.1";
        o.port = a->httpv2Port;
        o.timeout = 10s;
        o.keepaliveSeconds = 1;
        return o;
    }());
    BOOST_REQUIRE(t->runUntil([&] { return a->deviceId("ROLES-UNHELD-1") != 0; }, 15s));
    const std::int64_t id = a->deviceId("ROLES-UNHELD-1");
    BOOST_REQUIRE(a->api("POST", "/devices/" + std::to_string(id) + "/activate").status == 200);
    BOOST_REQUIRE(t->runUntil([&] { return t->lastReport().keepaliveSuccess == 1; }, 15s));
    t->start();
    const auto online = [&] {
        const auto reply = b.api("GET", "/devices/" + std::to_string(id));
        return reply.status == 200 && reply.json()->getValue<bool>("online");
    };
    BOOST_REQUIRE(eventually([&] { return online() && b.devicesHeld("unheld-a") == 1; }, 10s));

    // Held by A: the leader's looks (every 750 ms) over more than 3 s leave it online.
    const auto looks = [&] {
        const std::string out = b.process->output();
        std::size_t n = 0;
        for (auto at = out.find("unheld sweep:"); at != std::string::npos; at = out.find("unheld sweep:", at + 1)) ++n;
        return n;
    };
    const std::size_t before = looks();
    BOOST_REQUIRE_MESSAGE(eventually([&] { return looks() >= before + 6; }, 30s), b.process->output());
    BOOST_TEST(online());
    BOOST_TEST(b.process->output().find("ROLES-UNHELD-1 (httpv2") == std::string::npos, b.process->output());

    // The terminal goes quiet and its host dies: no host holds it.
    t.reset();
    a->process->kill(SIGKILL);
    BOOST_REQUIRE(a->process->waitExit(10s).value_or(0) == 128 + SIGKILL);
    BOOST_TEST(eventually([&] { return !online(); }, 30s), b.process->output());
    BOOST_TEST(b.process->waitForLine("terminal ROLES-UNHELD-1 (httpv2, device " + std::to_string(id) +
                                          ") offline: no host has held it for 3 s",
                                      10s)
                   .has_value(),
               b.process->output());
    BOOST_TEST(b.process->waitForLine("offline event for ROLES-UNHELD-1 last seen ", 10s).has_value(),
               b.process->output());
}

// The henan uplink's heartbeat loop, which takes the platform's commands, is
// no journal feed: it runs on the leader only (PluginContext::onLeadership),
// or the platform would see one terminal heartbeat from every host and hand
// a command to whichever asked first. Each host's uplink here talks to a
// platform of its own, so the test sees who heartbeats.
BOOST_AUTO_TEST_CASE(the_henan_uplink_heartbeats_from_the_leader_only_and_moves_when_it_dies) {
    auto& database = postgresForTests();
    const std::string url = database.freshStoreUrl();
    platformsim::SimPlatform platformOfA(kPlatformApp, kPlatformSecret);
    platformsim::SimPlatform platformOfB(kPlatformApp, kPlatformSecret);
    auto a = std::make_unique<ClusterTestHost>("beat-a", url, std::map<std::string, std::string>{},
                                               henanUplink(platformOfA), "httpv2,henan");
    ClusterTestHost b("beat-b", url, {}, henanUplink(platformOfB), "httpv2,henan");
    BOOST_REQUIRE_MESSAGE(eventually([&] { return b.leads("beat-a") && b.clusterHost("beat-b"); }, 10s),
                          httpRequest(b.httpPort, "GET", "/api/v1/health").body);
    BOOST_TEST(b.process->waitForLine("uplink city: heartbeats and platform commands are the cluster leader's", 10s)
                   .has_value(),
               b.process->output());

    // A few of the leader's heartbeats while B runs: none from B.
    const std::size_t before = platformOfA.heartbeats();
    BOOST_REQUIRE_MESSAGE(eventually([&] { return platformOfA.heartbeats() >= before + 3; }, 15s), a->process->output());
    BOOST_TEST(platformOfB.heartbeats() == 0u);

    // The leader dies: B leads and heartbeats.
    a->process->kill(SIGKILL);
    BOOST_REQUIRE(a->process->waitExit(10s).value_or(0) == 128 + SIGKILL);
    BOOST_REQUIRE(eventually([&] { return b.leads("beat-b"); }, 15s));
    BOOST_TEST(eventually([&] { return platformOfB.heartbeats() >= 2; }, 15s), b.process->output());
    BOOST_TEST(b.process->output().find("uplink city: heartbeats and platform commands run here (this host leads)") !=
               std::string::npos);
}
