#include <boost/test/unit_test.hpp>

// The plugin host against real plugin libraries (tests/plugin/echo built as
// passway_test_echo, _badversion, _failing), over real sockets on 127.0.0.1.

#include "PluginTestSupport.h"
#include "passway/PluginApi.h"
#include "plugin/PluginManager.h"
#include "support/HttpClient.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/StreamCopier.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

const std::string kPluginDir = PASSWAY_TEST_PLUGIN_DIR;

std::string readFile(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// Sends one line over TCP and reads the echo back (up to the newline).
std::string echoOverTcp(Poco::Net::StreamSocket& socket, const std::string& line) {
    const std::string out = line + "\n";
    socket.sendBytes(out.data(), static_cast<int>(out.size()));
    std::string in;
    char buffer[256];
    while (in.find('\n') == std::string::npos) {
        const int n = socket.receiveBytes(buffer, sizeof buffer);
        if (n <= 0) break;
        in.append(buffer, static_cast<std::size_t>(n));
    }
    return in;
}

// A host in miniature: the real stores, bus, metrics and configuration of
// TestServices, and the manager under test.
struct Host : TestServices {
    std::unique_ptr<PluginManager> manager;

    // `stopGrace`: how long unload waits for requests in flight.
    explicit Host(std::chrono::milliseconds stopGrace = std::chrono::seconds(5)) {
        config->setString("plugin.test_echo.greeting", "hi there");
        HostServices hostServices = services();
        hostServices.stopGrace = stopGrace;
        manager = std::make_unique<PluginManager>(hostServices);
    }
    ~Host() {
        manager.reset();
        bus.shutdown();
    }

    PluginStatus statusOf(const std::string& id) const {
        for (const auto& status : manager->status()) {
            if (status.id == id) return status;
        }
        BOOST_FAIL("no status for " + id);
        return {};
    }
    std::uint16_t httpPort(const std::string& id) const { return statusOf(id).ports.at(0); }
    std::uint16_t tcpPort(const std::string& id) const { return statusOf(id).ports.at(1); }
    std::filesystem::path dataFile(const std::string& id) const {
        return dir.path() / "data" / "plugins" / id / "echo.log";
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(echo_plugin_loads_and_answers_over_http_and_tcp) {
    Host host;
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));

    const PluginStatus status = host.statusOf("test_echo");
    BOOST_TEST(status.state == "running");
    BOOST_TEST(status.version == "1.2.0");
    BOOST_TEST(status.description == "Echo plugin for the plugin host tests");
    BOOST_TEST(status.file == kPluginDir + "/passway_test_echo.so");
    BOOST_TEST(status.error.empty());
    BOOST_REQUIRE(status.ports.size() == 2u);
    BOOST_TEST(status.ports[0] != 0);
    BOOST_TEST(status.ports[1] != 0);

    const auto hello = httpRequest(host.httpPort("test_echo"), "GET", "/hello");
    BOOST_TEST(hello.status == 200);
    BOOST_TEST(hello.json()->getValue<std::string>("id") == "test_echo");
    BOOST_TEST(hello.json()->getValue<std::string>("greeting") == "hi there");  // plugin.test_echo.greeting
    // Its kv() is its own: the host's token signing key is not what it reads under that name.
    BOOST_TEST(hello.json()->getValue<std::string>("kv").empty());
    BOOST_TEST(httpRequest(host.httpPort("test_echo"), "GET", "/nope").status == 404);

    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", host.tcpPort("test_echo")));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    BOOST_TEST(echoOverTcp(socket, "hello over tcp") == "hello over tcp\n");
    BOOST_TEST(echoOverTcp(socket, "and again") == "and again\n");

    // The plugin's data directory exists and holds what it wrote.
    BOOST_TEST(readFile(host.dataFile("test_echo")) == "started test_echo\n");
    BOOST_TEST(host.metrics.render().find("passway_plugins_running 1") != std::string::npos);
    BOOST_TEST(host.manager->running() == 1u);
}

BOOST_AUTO_TEST_CASE(events_flow_between_bus_and_plugin) {
    Host host;
    Recorder pongs;
    host.bus.subscribe("test.pong", pongs.handler(), "test");
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));

    host.bus.publish("test.ping", R"({"n":7})");
    BOOST_REQUIRE(waitUntil([&] { return pongs.size() == 1u; }));
    const Event pong = pongs.snapshot().at(0);
    BOOST_TEST(pong.payload == R"({"n":7})");
    BOOST_TEST(pong.source == "test_echo");  // the context stamps the plugin id

    // A handler that throws is contained; the next event is delivered as usual.
    host.bus.publish("test.boom", "{}");
    host.bus.publish("other.topic", "{}");  // not for this plugin
    host.bus.publish("test.ping", R"({"n":8})");
    BOOST_REQUIRE(waitUntil([&] { return pongs.size() == 2u; }));

    // ping, pong (its own, on test.*), boom, ping, pong
    BOOST_TEST(waitUntil([&] {
        return httpRequest(host.httpPort("test_echo"), "GET", "/events").json()->getValue<int>("count") == 5;
    }));
    const auto topics = httpRequest(host.httpPort("test_echo"), "GET", "/events").json()->getArray("topics");
    BOOST_TEST(topics->getElement<std::string>(0) == "test.ping");
    BOOST_TEST(topics->getElement<std::string>(2) == "test.boom");
}

BOOST_AUTO_TEST_CASE(plugin_timers_run) {
    Host host;
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));
    BOOST_TEST(waitUntil([&] {
        const auto timers = httpRequest(host.httpPort("test_echo"), "GET", "/timers").json();
        return timers->getValue<int>("ticks") >= 3 && timers->getValue<bool>("fired");
    }));
}

BOOST_AUTO_TEST_CASE(unload_removes_everything_and_the_plugin_loads_again) {
    Host host;
    Recorder pongs;
    host.bus.subscribe("test.pong", pongs.handler(), "test");
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));
    const auto httpPort = host.httpPort("test_echo");
    const auto tcpPort = host.tcpPort("test_echo");
    BOOST_TEST(acceptsConnections(httpPort));

    BOOST_TEST(host.manager->unload("test_echo"));
    const PluginStatus status = host.statusOf("test_echo");
    BOOST_TEST(status.state == "stopped");
    BOOST_TEST(status.ports.empty());
    BOOST_TEST(!acceptsConnections(httpPort));
    BOOST_TEST(!acceptsConnections(tcpPort));
    BOOST_TEST(host.manager->running() == 0u);
    BOOST_TEST(host.metrics.render().find("passway_plugins_running 0") != std::string::npos);
    // stop() ran after the registrations were gone, and could still write its data.
    BOOST_TEST(readFile(host.dataFile("test_echo")) == "started test_echo\nstopped test_echo\n");

    // Its subscription is gone: nobody answers a ping any more. Once the
    // test's own subscriber has the ping and every queue is empty, a pong
    // would have been published already (bus.published() counts it at once).
    Recorder pings;
    host.bus.subscribe("test.ping", pings.handler(), "test-pings");
    const auto publishedBefore = host.bus.published();
    host.bus.publish("test.ping", "{}");
    BOOST_TEST(waitUntil([&] { return pings.size() == 1u && host.bus.queued() == 0u; }));
    BOOST_TEST(host.bus.published() == publishedBefore + 1);
    BOOST_TEST(pongs.size() == 0u);
    BOOST_TEST(!host.manager->unload("test_echo"));  // not running: nothing to do

    // And it can come back, fresh.
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));
    BOOST_TEST(host.statusOf("test_echo").state == "running");
    const auto events = httpRequest(host.httpPort("test_echo"), "GET", "/events");
    BOOST_TEST(events.status == 200);
    BOOST_TEST(events.json()->getValue<int>("count") == 0);  // a new instance; the ping above reached no one
    host.bus.publish("test.ping", "{}");
    BOOST_TEST(waitUntil([&] { return pongs.size() == 1u; }));
    BOOST_TEST(host.manager->status().size() == 1u);
}

BOOST_AUTO_TEST_CASE(unload_waits_for_a_request_in_flight) {
    Host host;
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));
    const auto port = host.httpPort("test_echo");
    Recorder entered;
    host.bus.subscribe("test.slow.entered", entered.handler(), "test");
    auto reply = std::async(std::launch::async, [port] { return httpRequest(port, "GET", "/slow?ms=600"); });
    BOOST_REQUIRE(waitUntil([&] { return entered.size() == 1u; }));  // the request is inside the plugin now

    BOOST_TEST(host.manager->unload("test_echo"));
    // It waited for the handler: the handler's last act came before stop().
    BOOST_TEST(readFile(host.dataFile("test_echo")) == "started test_echo\nslow done\nstopped test_echo\n");
    const auto answered = reply.get();
    BOOST_TEST(answered.status == 200);  // ...which answered in full
    BOOST_TEST(answered.body == R"({"slept":600})");
}

// The waits unload could wrongly sit out (the grace, the echo listener's
// 60 s keep-alive timeout) are made long, so "it did not wait" is a wide
// margin on a loaded machine rather than a tight time.
constexpr auto kLongGrace = std::chrono::seconds(120);
constexpr long kWellBelowTheWaitsMs = 30000;

BOOST_AUTO_TEST_CASE(an_idle_keep_alive_connection_does_not_delay_unload) {
    Host host(kLongGrace);
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));
    Poco::Net::HTTPClientSession session("127.0.0.1", host.httpPort("test_echo"));
    session.setKeepAlive(true);
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/hello", Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    BOOST_REQUIRE(response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK);
    BOOST_REQUIRE(response.getKeepAlive());  // the server holds the connection open for the next request

    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(host.manager->unload("test_echo"));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    BOOST_TEST(took.count() < kWellBelowTheWaitsMs, "unload took " << took.count() << " ms");
}

BOOST_AUTO_TEST_CASE(unload_ends_long_lived_tcp_connections) {
    Host host(kLongGrace);
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));
    Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", host.tcpPort("test_echo")));
    socket.setReceiveTimeout(Poco::Timespan(5, 0));
    BOOST_TEST(echoOverTcp(socket, "still here") == "still here\n");

    // A terminal holding its connection open must not keep the plugin loaded.
    const auto start = std::chrono::steady_clock::now();
    BOOST_TEST(host.manager->unload("test_echo"));
    const auto took = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    BOOST_TEST(took.count() < kWellBelowTheWaitsMs, "unload took " << took.count() << " ms");
    char buffer[16];
    int n = -1;
    try {
        n = socket.receiveBytes(buffer, sizeof buffer);
    } catch (const Poco::Net::NetException&) {
        n = 0;  // reset by the host: just as closed
    }
    BOOST_TEST(n == 0);
}

BOOST_AUTO_TEST_CASE(a_plugin_built_for_another_api_is_refused_and_the_host_keeps_working) {
    Host host;
    LogCapture log("plugin");
    host.manager->loadEnabled(kPluginDir, {"test_badversion", "test_echo"});
    const std::string speaks = "built for host API 999, this host speaks " + std::to_string(PASSWAY_HOST_API_VERSION);
    BOOST_TEST(log.channel->contains("plugin test_badversion refused: " + speaks));
    const auto ports = host.statusOf("test_echo").ports;
    BOOST_REQUIRE(ports.size() == 2u);
    BOOST_TEST(log.channel->contains("plugin test_echo 1.2.0 loaded from " + kPluginDir +
                                     "/passway_test_echo.so, listening on http 127.0.0.1:" + std::to_string(ports[0]) +
                                     ", tcp 127.0.0.1:" + std::to_string(ports[1])));
    BOOST_TEST(log.channel->contains("1 of 2 enabled plugins running"));

    const PluginStatus refused = host.statusOf("test_badversion");
    BOOST_TEST(refused.state == "refused");
    BOOST_TEST(refused.error == speaks);
    BOOST_TEST(refused.ports.empty());
    BOOST_TEST(refused.version.empty());  // nothing but the version entry point was read

    BOOST_TEST(host.statusOf("test_echo").state == "running");
    BOOST_TEST(httpRequest(host.httpPort("test_echo"), "GET", "/hello").status == 200);
    BOOST_TEST(host.manager->running() == 1u);
    BOOST_TEST(host.metrics.render().find("passway_plugin_loads_total{result=\"refused\"} 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_plugin_whose_start_throws_fails_and_leaves_nothing_behind) {
    Host host;
    Recorder listening, pongs;
    host.bus.subscribe("test.failing.listening", listening.handler(), "test");
    host.bus.subscribe("test.pong", pongs.handler(), "test");

    BOOST_TEST(!host.manager->load(kPluginDir, "test_failing"));
    const PluginStatus failed = host.statusOf("test_failing");
    BOOST_TEST(failed.state == "failed");
    BOOST_TEST(failed.error.find("test_failing refuses to start on purpose") != std::string::npos);
    BOOST_TEST(failed.version == "1.2.0");

    // It listened before it threw; that listener is closed now.
    BOOST_REQUIRE(waitUntil([&] { return listening.size() == 1u; }));
    const std::string payload = listening.snapshot().at(0).payload;
    const auto port = static_cast<std::uint16_t>(std::stoi(payload.substr(payload.find(':') + 1)));
    BOOST_TEST(!acceptsConnections(port));

    // Its subscription is gone too: only test_echo answers a ping.
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));
    host.bus.publish("test.ping", "{}");
    // Once every queue is empty each live subscriber has answered: only one did.
    BOOST_REQUIRE(waitUntil([&] { return pongs.size() >= 1u && host.bus.queued() == 0u; }));
    BOOST_TEST(pongs.size() == 1u);
    BOOST_TEST(pongs.snapshot().at(0).source == "test_echo");
}

BOOST_AUTO_TEST_CASE(missing_files_and_invalid_ids_are_reported_not_thrown) {
    Host host;
    BOOST_TEST(!host.manager->load(kPluginDir, "nosuchplugin"));
    BOOST_TEST(!host.manager->load(kPluginDir, "../test_echo"));
    BOOST_TEST(!host.manager->load(kPluginDir, "Test_Echo"));
    BOOST_TEST(!host.manager->load(kPluginDir, ""));
    BOOST_TEST(!host.manager->load("/nonexistent/folder", "test_echo"));

    const auto all = host.manager->status();
    BOOST_REQUIRE(all.size() == 5u);
    BOOST_TEST(all[0].id == "nosuchplugin");
    BOOST_TEST(all[0].state == "failed");
    BOOST_TEST(all[0].error == "no plugin library " + kPluginDir + "/passway_nosuchplugin.so");
    BOOST_TEST(all[1].state == "refused");
    BOOST_TEST(all[1].error.find("invalid plugin id '../test_echo'") != std::string::npos);
    BOOST_TEST(all[1].file.empty());
    BOOST_TEST(all[2].state == "refused");
    BOOST_TEST(all[3].id == "");
    BOOST_TEST(all[3].state == "refused");
    BOOST_TEST(all[4].id == "test_echo");
    BOOST_TEST(all[4].state == "failed");
    BOOST_TEST(all[4].error == "no plugin library /nonexistent/folder/passway_test_echo.so");
    BOOST_TEST(host.manager->running() == 0u);
}

BOOST_AUTO_TEST_CASE(a_library_declaring_another_id_is_refused) {
    Host host;
    // A copy of the echo plugin under another name: it still declares test_echo.
    std::filesystem::copy_file(kPluginDir + "/passway_test_echo.so", host.dir.file("passway_test_impostor.so"));
    BOOST_TEST(!host.manager->load(host.dir.path().string(), "test_impostor"));
    const PluginStatus status = host.statusOf("test_impostor");
    BOOST_TEST(status.state == "refused");
    BOOST_TEST(status.error == "the library declares id 'test_echo' but was loaded as 'test_impostor'");
}

BOOST_AUTO_TEST_CASE(a_library_is_probed_once_until_its_file_changes) {
    Host host;
    const auto folder = host.dir.path() / "plugins";
    std::filesystem::create_directories(folder);
    const auto file = folder / "passway_test_echo.so";
    std::filesystem::copy_file(kPluginDir + "/passway_test_echo.so", file);

    // The Plugins screen asks on every request: the library is opened once.
    for (int i = 0; i < 3; ++i) {
        const auto found = host.manager->discover(folder.string(), {});
        BOOST_REQUIRE(found.size() == 1u);
        BOOST_TEST(found[0].state == "stopped");
        BOOST_TEST(found[0].version == "1.2.0");
    }
    host.manager->declarations(folder.string(), "test_echo");
    BOOST_TEST(host.manager->probeCache().probes() == 1u);

    // A new build of the file (another modification time) is read again.
    std::filesystem::last_write_time(file, std::filesystem::last_write_time(file) + std::chrono::seconds(5));
    BOOST_TEST(host.manager->discover(folder.string(), {}).size() == 1u);
    BOOST_TEST(host.manager->probeCache().probes() == 2u);

    // A file gone is not served from memory.
    std::filesystem::remove(file);
    BOOST_TEST(host.manager->discover(folder.string(), {}).empty());
    BOOST_TEST(host.manager->declarations(folder.string(), "test_echo").empty());
}

BOOST_AUTO_TEST_CASE(only_enabled_plugins_are_loaded) {
    Host host;
    // The folder holds three test plugins; only the one named is touched.
    host.manager->loadEnabled(kPluginDir, {"test_echo", "", "test_echo"});
    const auto all = host.manager->status();
    BOOST_REQUIRE(all.size() == 1u);
    BOOST_TEST(all[0].id == "test_echo");
    BOOST_TEST(all[0].state == "running");

    host.manager->loadEnabled(kPluginDir, {});
    BOOST_TEST(host.manager->status().size() == 1u);
    // Loading a running plugin again keeps the one that runs.
    const auto port = host.httpPort("test_echo");
    BOOST_TEST(host.manager->load(kPluginDir, "test_echo"));
    BOOST_TEST(host.httpPort("test_echo") == port);
}

BOOST_AUTO_TEST_CASE(the_manager_unloads_everything_when_destroyed) {
    Host host;
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));
    const auto port = host.httpPort("test_echo");
    host.manager.reset();
    BOOST_TEST(!acceptsConnections(port));
    BOOST_TEST(readFile(host.dataFile("test_echo")) == "started test_echo\nstopped test_echo\n");
    BOOST_TEST(host.metrics.render().find("passway_plugins_running") == std::string::npos);  // gauge removed
}

BOOST_AUTO_TEST_CASE(a_plugin_can_listen_with_tls) {
    Host host;
    const std::string cert = host.dir.file("cert.pem");
    const std::string key = host.dir.file("key.pem");
    const std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout " +
                                key + " -out " + cert + " >/dev/null 2>&1";
    if (std::system(command.c_str()) != 0) {
        BOOST_TEST_MESSAGE("openssl not available; TLS listener not tested");
        return;
    }
    host.config->setString("plugin.test_echo.tls.enabled", "true");
    host.config->setString("plugin.test_echo.tls.certificate", cert);
    host.config->setString("plugin.test_echo.tls.private_key", key);
    BOOST_REQUIRE(host.manager->load(kPluginDir, "test_echo"));

    Poco::Net::Context::Ptr client =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_NONE);
    Poco::Net::HTTPSClientSession session("127.0.0.1", host.httpPort("test_echo"), client);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/hello", Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string body;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
    BOOST_TEST(response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK);
    BOOST_TEST(body.find("\"id\":\"test_echo\"") != std::string::npos);

    // A plain-text client gets no answer from a TLS port.
    BOOST_CHECK_THROW(httpRequest(host.httpPort("test_echo"), "GET", "/hello"), Poco::Exception);
}

BOOST_AUTO_TEST_CASE(a_bad_certificate_fails_the_plugin_with_a_clear_message) {
    Host host;
    host.config->setString("plugin.test_echo.tls.enabled", "true");
    host.config->setString("plugin.test_echo.tls.certificate", host.dir.file("missing.pem"));
    host.config->setString("plugin.test_echo.tls.private_key", host.dir.file("missing.key"));
    BOOST_TEST(!host.manager->load(kPluginDir, "test_echo"));
    const PluginStatus status = host.statusOf("test_echo");
    BOOST_TEST(status.state == "failed");
    BOOST_TEST(status.error.find("cannot listen on 127.0.0.1:0 (TLS)") != std::string::npos);
}
