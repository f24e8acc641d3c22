#include <boost/test/unit_test.hpp>

// README's first command on a fresh clone: passwayd with the shipped
// etc/passway.ini, not edited. Only what a test must change is overridden
// with --set: the ports (free ones, tests run in parallel) and the data
// folders (a temporary folder). Every protocol plugin that needs no outside
// service must run, the banner must say where terminals go, and an HTTPv2
// and a TCP JSON terminal (the simulators) must be able to connect.

#include "sim/httpv2/Terminal.h"
#include "sim/tcpjson/SimTerminal.h"
#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"
#include "support/TempDir.h"

#include <Poco/JSON/Array.h>

#include <fstream>

using namespace passway::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPassword = "shipped-config-admin";

struct ShippedSite {
    TempDir dir{"shipped-config"};
    std::uint16_t httpPort = freePort();
    std::uint16_t httpv2Port = freePort();
    std::uint16_t tcpjsonPort = freePort();
    std::uint16_t attlogPort = freePort();
    std::uint16_t henanPort = freePort();
    std::unique_ptr<ChildProcess> process;
    std::string token;

    ShippedSite() {
        const auto set = [](const std::string& kv) { return std::vector<std::string>{"--set", kv}; };
        std::vector<std::string> args{"--config", std::string(PASSWAY_SOURCE_DIR) + "/etc/passway.ini"};
        for (const std::string& kv : std::vector<std::string>{
                 "http.address=127.0.0.1", "http.port=" + std::to_string(httpPort),
              "plugin.httpv2.port=" + std::to_string(httpv2Port), "plugin.tcpjson.port=" + std::to_string(tcpjsonPort),
              "plugin.attlog.port=" + std::to_string(attlogPort), "plugin.henan.port=" + std::to_string(henanPort),
              "store.path=" + dir.file("var/passway.db"),
              "blobs.path=" + dir.file("var/blobs"), "data.path=" + dir.file("var/data"),
              "log.path=" + dir.file("var/log/passway.log"), "scripts.dir=" + dir.file("scripts"),
              std::string("www.dir=") + PASSWAY_SOURCE_DIR + "/www"}) {
            const auto pair = set(kv);
            args.insert(args.end(), pair.begin(), pair.end());
        }
        process = std::make_unique<ChildProcess>(std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd", args,
                                                 dir.path().string(),
                                                 std::map<std::string, std::string>{{"PASSWAY_ADMIN_PASSWORD", kPassword}});
        BOOST_REQUIRE_MESSAGE(process->waitForLine("Admin page:", 30s), "passwayd did not start:\n" + process->output());
        token = login(httpPort, "admin", kPassword);
        BOOST_REQUIRE(!token.empty());
    }
    ~ShippedSite() {
        if (process && process->running()) {
            process->kill(SIGTERM);
            process->waitExit(20s);
        }
    }

    Poco::JSON::Object::Ptr device(const std::string& serial) const {
        const auto reply = httpRequest(httpPort, "GET", "/api/v1/devices?limit=1000", "", token);
        if (reply.status != 200) return nullptr;
        const auto items = reply.json()->getArray("items");
        for (unsigned i = 0; i < items->size(); ++i) {
            if (items->getObject(i)->getValue<std::string>("serial") == serial) return items->getObject(i);
        }
        return nullptr;
    }
    std::string log() const {
        std::ifstream in(dir.file("var/log/passway.log"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(the_shipped_configuration_runs_every_plugin_and_accepts_httpv2_and_tcpjson_terminals) {
    ShippedSite site;

    // The banner names each device port and what to point terminals at.
    const auto httpv2Line = site.process->waitForLine("Terminals: httpv2 on http ", 5s);
    BOOST_REQUIRE_MESSAGE(httpv2Line, "no httpv2 line in the banner:\n" + site.process->output());
    BOOST_TEST(httpv2Line->find(":" + std::to_string(site.httpv2Port)) != std::string::npos);
    BOOST_TEST(httpv2Line->find("HTTPClient_ServerAddr = http://") != std::string::npos);
    const auto tcpjsonLine = site.process->waitForLine("Terminals: tcpjson on tcp ", 5s);
    BOOST_REQUIRE(tcpjsonLine);
    BOOST_TEST(tcpjsonLine->find("port " + std::to_string(site.tcpjsonPort)) != std::string::npos);
    BOOST_TEST(site.process->waitForLine("Terminals: attlog on http ", 5s).has_value());
    BOOST_TEST(listening(site.attlogPort));
    BOOST_TEST(listening(site.henanPort));

    // The Plugins screen's view: all four running, from the shipped file.
    const auto plugins = httpRequest(site.httpPort, "GET", "/api/v1/plugins", "", site.token);
    BOOST_REQUIRE_MESSAGE(plugins.status == 200, plugins.body);
    const auto items = plugins.json()->getArray("items");
    int running = 0;
    for (unsigned i = 0; i < items->size(); ++i) {
        const auto p = items->getObject(i);
        const std::string id = p->getValue<std::string>("id");
        if (id == "httpv2" || id == "tcpjson" || id == "attlog" || id == "henan") {
            BOOST_TEST_INFO("plugin " << id);
            BOOST_TEST(p->getValue<std::string>("state") == "running");
            BOOST_TEST(p->getValue<bool>("enabled"));
            BOOST_TEST(p->getArray("listeners")->size() == 1u);
            running += 1;
        }
    }
    BOOST_TEST(running == 4);
    BOOST_TEST(plugins.json()->getValue<std::string>("enabledSource") == "file");

    // An HTTPv2 terminal: its first keepalive registers it (pending, as the
    // shipped device policy says); once activated, its keepalives succeed.
    passway::sim::httpv2::TerminalOptions options;
    options.sn = "SHIPPED0001";
    options.host = "127.0.0.1";
    options.port = site.httpv2Port;
    options.timeout = 10s;
    passway::sim::httpv2::Terminal terminal(options);
    BOOST_REQUIRE(terminal.runUntil([&] { return site.device("SHIPPED0001") != nullptr; }, 15s));
    const auto id = site.device("SHIPPED0001")->getValue<std::int64_t>("id");
    BOOST_REQUIRE(httpRequest(site.httpPort, "POST", "/api/v1/devices/" + std::to_string(id) + "/activate", "", site.token)
                      .status == 200);
    BOOST_TEST(terminal.runUntil([&] { return terminal.lastReport().keepaliveSuccess == 1; }, 15s));

    // A TCP JSON terminal: it connects and the host registers it.
    passway::sim::tcpjson::SimOptions tcp;
    tcp.port = site.tcpjsonPort;
    tcp.uuid = "SHIPPED-TCP-1";
    passway::sim::tcpjson::SimTerminal sim(tcp);
    sim.connect();
    BOOST_CHECK_MESSAGE(eventually([&] { return site.device("SHIPPED-TCP-1") != nullptr; }, 15s), site.log());
    const auto d = site.device("SHIPPED-TCP-1");
    BOOST_REQUIRE(d);
    BOOST_TEST(d->getValue<std::string>("protocol") == "tcpjson");
}
