// One sync ledger for every protocol: a person edited once in the admin API
// reaches an HTTPv2 terminal (which pulls) and a seed-001 terminal (pushed
// to) served by the same host.
#include "TcpjsonSite.h"
#include "sim/httpv2/Terminal.h"

using namespace passway::test;
namespace hsim = passway::sim::httpv2;

BOOST_AUTO_TEST_CASE(one_edit_reaches_terminals_of_both_protocols) {
    const std::uint16_t httpv2Port = freePort();
    TcpjsonSite site({"--set", "plugins.enabled=tcpjson,httpv2", "--set",
                      "plugin.httpv2.port=" + std::to_string(httpv2Port)});
    auto pushed = site.terminal("mixed-tcp");

    hsim::TerminalOptions options;
    options.sn = "MIXED-HTTP";
    options.host = "127.0.0.1";
    options.port = httpv2Port;
    options.timeout = 10s;
    hsim::Terminal pulling(options);
    const auto first = pulling.runSession();
    BOOST_REQUIRE_MESSAGE(first.error.empty(), first.error + "\n" + site.log());
    site.activate("MIXED-HTTP");
    BOOST_REQUIRE(pulling.runUntil([&] { return pulling.lastReport().keepaliveSuccess == 1; }, 10s));

    BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", R"({"userId":41,"name":"Both"})").status, 201);
    BOOST_REQUIRE(pushed->waitFor([&] { return pushed->persons().count("41") > 0; }));
    BOOST_REQUIRE(pulling.runUntil([&] { return pulling.model().person(41).has_value(); }, 15s));

    BOOST_REQUIRE_EQUAL(site.api("PATCH", "/persons/41", R"({"name":"Both, edited"})").status, 200);
    BOOST_CHECK(pushed->waitFor(
        [&] { return pushed->persons().at("41")->getValue<std::string>("person_name") == "Both, edited"; }));
    BOOST_CHECK(pulling.runUntil(
        [&] {
            const auto p = pulling.model().person(41);
            return p && p->name == "Both, edited";
        },
        15s));
    for (const auto& serial : {"mixed-tcp", "MIXED-HTTP"}) {
        const auto id = site.deviceId(serial);
        BOOST_CHECK_MESSAGE(eventually([&] {
            const auto e = site.syncEntry(id, 41);
            return e && !e->getValue<bool>("pending");
        }), std::string(serial) + " did not confirm the edit");
    }
}
