#include <boost/test/unit_test.hpp>

// Terminal identity on the long connection (issue 15): a known uuid calling
// from another address never silently replaces the live connection (alarm;
// refused with pin_address until an operator accepts), browsers' WebSocket
// upgrades are held to plugin.tcpjson.allowed_origins, and allowed_networks
// closes other sources before a byte is read. Terminals "move" by
// connecting from 127.0.0.2.

#include "TcpjsonSite.h"

using namespace passway::test;

namespace {

constexpr const char* kOther = "127.0.0.2";

std::string field(const Poco::JSON::Object::Ptr& device, const std::string& name) {
    return device && device->has(name) ? device->getValue<std::string>(name) : std::string("(none)");
}

std::size_t audited(const TcpjsonSite& site, const std::string& action, std::int64_t deviceId) {
    const auto reply =
        site.api("GET", "/audit?action=" + action + "&target=device:" + std::to_string(deviceId) + "&limit=100");
    BOOST_REQUIRE_MESSAGE(reply.status == 200, reply.body);
    return reply.json()->getArray("items")->size();
}

std::unique_ptr<tsim::SimTerminal> connectFrom(const TcpjsonSite& site, const std::string& uuid,
                                               const std::string& from) {
    auto options = site.simOptions(uuid);
    options.localAddress = from;
    auto sim = std::make_unique<tsim::SimTerminal>(options);
    sim->connect();
    return sim;
}

bool recordSent(tsim::SimTerminal& terminal, const std::string& time) {
    const auto answer = terminal.sendAccessInfo(TcpjsonSite::accessInfo("1", time));
    return answer && answer->code == 0;
}

// A record is taken: the plugin hears of an activation through an event, so
// the first try may still find the terminal pending.
bool recordAccepted(tsim::SimTerminal& terminal, const std::string& time) {
    return eventually([&] { return recordSent(terminal, time); }, 20s);
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_known_uuid_from_another_address_raises_the_alarm_when_it_replaces_the_live_connection) {
    TcpjsonSite site;
    const std::string uuid = "identity-moved-1";
    auto home = site.terminal(uuid);
    const auto id = site.deviceId(uuid);
    BOOST_TEST(field(site.device(uuid), "pinnedAddress") == "127.0.0.1");

    auto moved = connectFrom(site, uuid, kOther);
    BOOST_TEST(eventually([&] { return field(site.device(uuid), "pendingAddress") == kOther; }, 20s), site.log());
    BOOST_TEST(audited(site, "device.address_changed", id) == 1u);
    BOOST_TEST(eventually([&] { return home->closedByServer(); }, 20s));  // replaced, and not silently:
    BOOST_TEST(site.process->waitForLine("replaces the live one from 127.0.0.1", 10s).has_value(), site.process->output());
    BOOST_TEST(recordAccepted(*moved, "20250101080000"));
}

BOOST_AUTO_TEST_CASE(with_pin_address_the_new_connection_is_refused_and_the_live_one_stays) {
    TcpjsonSite site({"--set", "plugin.tcpjson.pin_address=true"});
    const std::string uuid = "identity-pinned-1";
    auto home = site.terminal(uuid);
    const auto id = site.deviceId(uuid);

    auto moved = connectFrom(site, uuid, kOther);
    BOOST_TEST(eventually([&] { return moved->closedByServer(); }, 20s), site.log());
    BOOST_TEST(audited(site, "device.address_changed", id) == 1u);
    BOOST_TEST(site.process->waitForLine("terminal identity refused", 10s).has_value(), site.process->output());
    // The live connection from the address it is known by is untouched.
    BOOST_TEST(home->connected());
    BOOST_TEST(recordAccepted(*home, "20250101080000"));

    const auto accepted = site.api("POST", "/devices/" + std::to_string(id) + "/accept-address");
    BOOST_REQUIRE_MESSAGE(accepted.status == 200, accepted.body);
    BOOST_TEST(accepted.json()->getValue<std::string>("pinnedAddress") == kOther);
    // The host hears of the acceptance through an event: a new connection is
    // served once it has (each refused one is simply closed).
    std::unique_ptr<tsim::SimTerminal> again;
    BOOST_TEST(eventually(
        [&] {
            again = connectFrom(site, uuid, kOther);
            return again->waitFor([&] { return again->closedByServer() || again->count("get_device_info") > 0; }) &&
                   recordSent(*again, "20250101080100");
        },
        30s));
}

BOOST_AUTO_TEST_CASE(websocket_upgrades_from_browsers_are_held_to_allowed_origins) {
    TcpjsonSite site({"--set", "plugin.tcpjson.allowed_origins=https://ops.example"});
    const auto withOrigin = [](const std::string& origin) {
        return [origin](tsim::SimOptions& o) {
            o.webSocket = true;
            o.origin = origin;
        };
    };
    auto options = site.simOptions("identity-ws-evil");
    withOrigin("https://evil.example")(options);
    tsim::SimTerminal evil(options);
    try {
        evil.connect();
        BOOST_FAIL("a WebSocket upgrade with a foreign Origin was accepted");
    } catch (const std::exception& e) {
        BOOST_TEST(std::string(e.what()).find("403") != std::string::npos, e.what());
    }
    BOOST_TEST(site.process->waitForLine("is not in plugin.tcpjson.allowed_origins", 10s).has_value(), site.process->output());

    auto listed = site.terminal("identity-ws-ok", true, withOrigin("https://ops.example"));
    BOOST_TEST(recordAccepted(*listed, "20250101080000"));
    auto terminal = site.terminal("identity-ws-terminal", true, withOrigin(""));  // no Origin: a terminal
    BOOST_TEST(recordAccepted(*terminal, "20250101080000"));
}

BOOST_AUTO_TEST_CASE(allowed_networks_closes_other_sources_unread) {
    TcpjsonSite site({"--set", std::string("plugin.tcpjson.allowed_networks=") + kOther});
    auto outsider = connectFrom(site, "identity-outsider", "127.0.0.1");
    BOOST_TEST(eventually([&] { return outsider->closedByServer(); }, 20s));
    BOOST_TEST(outsider->count("get_device_info") == 0u);
    BOOST_TEST(site.deviceId("identity-outsider") == 0);

    auto insider = connectFrom(site, "identity-insider", kOther);
    BOOST_TEST(eventually([&] { return site.deviceId("identity-insider") != 0; }, 20s));
    BOOST_TEST(site.process->waitForLine("allowed_networks reached by 127.0.0.1", 10s).has_value(), site.process->output());
}
