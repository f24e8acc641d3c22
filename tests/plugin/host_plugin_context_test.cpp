#include <boost/test/unit_test.hpp>

// HostPluginContext on its own, without a plugin library: what a plugin gets
// and that removeAll() takes back everything it registered.

#include "PluginTestSupport.h"
#include "journal/EventJournal.h"
#include "plugin/HostPluginContext.h"
#include "plugin/Leadership.h"
#include "support/HttpClient.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>

#include <atomic>
#include <filesystem>
#include <stdexcept>

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

// Answers with a fixed body, or throws when asked to.
class FixedHandler : public net::HttpHandler {
public:
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) override {
        if (request.target == "/throw") throw std::runtime_error("handler failed on purpose");
        responder->send(net::HttpResponse::text(200, "fixed", "text/plain"));
    }
};

std::shared_ptr<net::HttpHandler> fixed() { return std::make_shared<FixedHandler>(); }

ListenerSpec localhost(std::uint16_t port = 0) {
    ListenerSpec spec;
    spec.address = "127.0.0.1";
    spec.port = port;
    spec.maxThreads = 2;
    return spec;
}

} // namespace

BOOST_AUTO_TEST_CASE(the_context_gives_the_plugin_its_own_slice) {
    TestServices host;
    host.config->setString("plugin.ctx.port", "8123");
    host.config->setString("plugin.ctx.tls.enabled", "true");
    host.config->setString("plugin.other.secret", "not yours");
    host.config->setString("admin.bootstrap_password", "not yours either");
    HostPluginContext context("ctx", host.services(true));

    BOOST_TEST(context.pluginId() == "ctx");
    BOOST_TEST(context.logger().name() == "plugin.ctx");
    BOOST_TEST(context.config().getInt("port") == 8123);
    BOOST_TEST(context.config().getBool("tls.enabled"));
    // Only its own subtree: no way up to the host's or another plugin's keys.
    BOOST_TEST(!context.config().hasProperty("plugin.other.secret"));
    BOOST_TEST(!context.config().hasProperty("admin.bootstrap_password"));
    BOOST_TEST(context.config().getString("admin.bootstrap_password", "default") == "default");
    Poco::Util::AbstractConfiguration::Keys keys;
    context.config().keys(keys);
    BOOST_TEST(keys == (Poco::Util::AbstractConfiguration::Keys{"port", "tls"}), boost::test_tools::per_element());
    BOOST_CHECK_THROW(context.config().setString("port", "1"), Poco::InvalidAccessException);
    // Live: a change in the application configuration is seen at once.
    host.config->setString("plugin.ctx.port", "8124");
    BOOST_TEST(context.config().getInt("port") == 8124);
    // The host's activation policy is the device service's (devices.auto_activate here).
    BOOST_TEST((context.devices().obtain("ctx-1").state == DeviceState::Active));

    // Created on demand, inside <data root>/plugins/<id>.
    const std::filesystem::path expected = host.dir.path() / "data" / "plugins" / "ctx";
    BOOST_TEST(!std::filesystem::exists(expected));
    const std::filesystem::path data = context.dataDirectory();
    BOOST_TEST(std::filesystem::is_directory(data));
    BOOST_TEST(std::filesystem::equivalent(data, expected));
}

BOOST_AUTO_TEST_CASE(events_carry_the_plugin_id_and_a_failing_handler_is_contained) {
    TestServices host;
    HostPluginContext context("ctx", host.services(true));
    std::atomic<int> seen{0};
    std::string source;
    std::mutex mutex;
    host.bus.subscribe("x.out", [&](const Event& event) {
        std::lock_guard lock(mutex);
        source = event.source;
    });
    context.subscribe("x.in", [&](const Event& event) {
        ++seen;
        if (event.payload == "throw") throw std::runtime_error("plugin handler failed on purpose");
    });
    host.bus.publish("x.in", "throw");
    host.bus.publish("x.in", "{}");
    BOOST_TEST(waitUntil([&] { return seen.load() == 2; }));

    context.publish("x.out", "{}");
    BOOST_TEST(waitUntil([&] {
        std::lock_guard lock(mutex);
        return source == "ctx";
    }));
}

BOOST_AUTO_TEST_CASE(a_plugin_can_end_only_its_own_subscriptions) {
    TestServices host;
    HostPluginContext context("ctx", host.services(true));
    std::atomic<int> hostSeen{0}, pluginSeen{0};
    const auto hostSubscription = host.bus.subscribe("y", [&](const Event&) { ++hostSeen; });
    const auto pluginSubscription = context.subscribe("y", [&](const Event&) { ++pluginSeen; });
    BOOST_TEST(context.subscriptionCount() == 1u);

    context.unsubscribe(hostSubscription);  // not the plugin's: ignored
    context.unsubscribe(pluginSubscription);
    BOOST_TEST(context.subscriptionCount() == 0u);
    host.bus.publish("y", "{}");
    // Every queue empty and the host's handler done: a live plugin
    // subscription would have had the event by now.
    BOOST_TEST(waitUntil([&] { return hostSeen.load() == 1 && host.bus.queued() == 0u; }));
    BOOST_TEST(pluginSeen.load() == 0);
}

BOOST_AUTO_TEST_CASE(timers_run_cancel_and_survive_a_throwing_task) {
    TestServices host;
    HostPluginContext context("ctx", host.services(true));
    std::atomic<int> once{0}, periodic{0}, cancelled{0}, throwing{0};
    context.after(10ms, [&] { ++once; });
    context.every(10ms, [&] { ++periodic; });
    context.every(10ms, [&] {
        ++throwing;
        throw std::runtime_error("timer task failed on purpose");
    });
    const auto id = context.every(10ms, [&] { ++cancelled; });
    context.cancelTimer(id);

    BOOST_TEST(waitUntil([&] { return periodic.load() >= 5 && throwing.load() >= 5; }));
    BOOST_TEST(once.load() == 1);
    BOOST_TEST(cancelled.load() == 0);
    BOOST_TEST(context.timerCount() == 2u);  // the one-shot ran, one was cancelled
    BOOST_CHECK_THROW(context.every(0ms, [] {}), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_listener_reports_a_busy_port_and_contains_a_failing_handler) {
    TestServices host;
    HostPluginContext context("ctx", host.services(true));
    Poco::Net::ServerSocket taken(Poco::Net::SocketAddress("127.0.0.1", 0));
    const auto busy = taken.address().port();
    try {
        context.listenHttp(localhost(busy), fixed());
        BOOST_FAIL("listening on a busy port must throw");
    } catch (const std::runtime_error& e) {
        BOOST_TEST(std::string(e.what()).find("cannot listen on 127.0.0.1:" + std::to_string(busy)) == 0u);
    }

    const auto port = context.listenHttp(localhost(), fixed());
    BOOST_TEST(context.ports() == std::vector<std::uint16_t>{port}, boost::test_tools::per_element());
    BOOST_TEST(context.listenerDescriptions().at(0) == "http 127.0.0.1:" + std::to_string(port));
    BOOST_TEST(httpRequest(port, "GET", "/").body == "fixed");
    BOOST_TEST(httpRequest(port, "GET", "/throw").status == 500);
    BOOST_TEST(httpRequest(port, "GET", "/").body == "fixed");  // the listener lives on
}

BOOST_AUTO_TEST_CASE(remove_all_takes_everything_back_and_closes_the_context) {
    TestServices host;
    HostPluginContext context("ctx", host.services(true));
    std::atomic<int> events{0}, ticks{0};
    context.subscribe("z.*", [&](const Event&) { ++events; });
    context.every(5ms, [&] { ++ticks; });
    const auto port = context.listenHttp(localhost(), fixed());
    BOOST_TEST(waitUntil([&] { return ticks.load() > 0; }));

    context.removeAll();

    BOOST_TEST(context.ports().empty());
    BOOST_TEST(context.subscriptionCount() == 0u);
    BOOST_TEST(context.timerCount() == 0u);
    BOOST_CHECK_THROW(httpRequest(port, "GET", "/"), Poco::Exception);  // closed
    const int ticksAfter = ticks.load();
    host.bus.publish("z.a", "{}");
    // removeAll() waited for running callbacks and removed the rest: once the
    // bus has nothing queued, nothing of the plugin can run any more.
    BOOST_TEST(waitUntil([&] { return host.bus.queued() == 0u; }));
    BOOST_TEST(events.load() == 0);
    BOOST_TEST(ticks.load() == ticksAfter);

    // Closed for new registrations; publishing (e.g. "device.offline" from stop()) still works.
    BOOST_CHECK_THROW(context.subscribe("z.*", [](const Event&) {}), std::logic_error);
    BOOST_CHECK_THROW(context.every(5ms, [] {}), std::logic_error);
    BOOST_CHECK_THROW(context.after(5ms, [] {}), std::logic_error);
    BOOST_CHECK_THROW(context.listenHttp(localhost(), fixed()), std::logic_error);
    const auto published = host.bus.published();
    context.publish("z.b", "{}");
    BOOST_TEST(host.bus.published() == published + 1);
    context.removeAll();  // idempotent
}

BOOST_AUTO_TEST_CASE(a_durable_subscription_sees_every_event_once_and_resumes_after_a_restart) {
    TestServices host;
    EventJournal journal(*host.store);
    host.bus.setLog(&journal);
    auto services = host.services();
    services.journal = &journal;
    Recorder seen;
    {
        HostPluginContext context("uplink", services);
        context.subscribeDurable("platform", "record.*", [&seen](const Event& event) {
            if (event.payload.find("\"poison\"") != std::string::npos) throw std::runtime_error("the platform refused it");
            seen.handler()(event);
        });
        BOOST_CHECK_THROW(context.subscribeDurable("platform", "*", [](const Event&) {}), std::invalid_argument);
        host.bus.publish("record.created", R"({"id":1})", "core");
        host.bus.publish("device.online", R"({"id":2})", "core");  // not its pattern
        host.bus.publish("record.created", R"({"poison":true})", "core");
        host.bus.publish("record.suspect", R"({"id":3})", "core");
        BOOST_REQUIRE(waitUntil([&] { return seen.snapshot().size() == 2; }));
        BOOST_REQUIRE(waitUntil([&] { return host.store->journal().countDeadLetters("plugin:uplink:platform") == 1; }));
        context.removeAll();
    }
    host.bus.publish("record.created", R"({"id":4})", "core");  // while the plugin is stopped
    {
        HostPluginContext context("uplink", services);
        context.subscribeDurable("platform", "record.*", seen.handler());
        BOOST_REQUIRE(waitUntil([&] { return seen.snapshot().size() == 3; }));
        context.removeAll();
    }
    const auto events = seen.snapshot();
    BOOST_TEST(events[0].payload == R"({"id":1})");
    BOOST_TEST(events[1].payload == R"({"id":3})");
    BOOST_TEST(events[2].payload == R"({"id":4})");
    BOOST_TEST(events[0].sequence < events[1].sequence);
    BOOST_TEST(events[1].sequence < events[2].sequence);
    const auto dead = host.store->journal().deadLetters("plugin:uplink:platform", 10);
    BOOST_REQUIRE_EQUAL(dead.size(), 1u);
    BOOST_TEST(dead[0].error == "the platform refused it");
    host.bus.setLog(nullptr);
}

// Hosts sharing a store share a durable subscription's cursor: the feed
// runs on the leader only, or each host would handle (upload) an event.
BOOST_AUTO_TEST_CASE(a_durable_subscription_runs_while_its_host_leads_and_goes_on_from_the_shared_cursor) {
    TestServices host;
    EventJournal journal(*host.store);
    host.bus.setLog(&journal);
    Leadership leadership(true);
    auto services = host.services();
    services.journal = &journal;
    services.leadership = &leadership;
    Recorder seen;
    HostPluginContext context("uplink", services);
    context.subscribeDurable("platform", "record.*", seen.handler());
    BOOST_TEST(context.durableRunning() == 1u);
    host.bus.publish("record.created", R"({"id":1})", "core");
    BOOST_REQUIRE(waitUntil([&] { return seen.snapshot().size() == 1; }));

    // Another host leads: the feed stops here, its cursor past what it handled.
    leadership.set(false);
    BOOST_TEST(context.durableRunning() == 0u);
    const auto stoppedAt = host.store->journal().cursor("plugin:uplink:platform");
    BOOST_REQUIRE(stoppedAt.has_value());
    host.bus.publish("record.created", R"({"id":2})", "core");
    // One registered while following waits too.
    Recorder late;
    context.subscribeDurable("audit", "record.*", late.handler());
    BOOST_TEST(context.durableRunning() == 0u);
    BOOST_TEST(seen.snapshot().size() == 1u);
    BOOST_TEST(host.store->journal().cursor("plugin:uplink:platform")->position == stoppedAt->position);

    // Leading again: it goes on from the cursor, so the event of meanwhile is handled once.
    leadership.set(true);
    BOOST_TEST(context.durableRunning() == 2u);
    BOOST_REQUIRE(waitUntil([&] { return seen.snapshot().size() == 2; }));
    BOOST_TEST(seen.snapshot()[1].payload == R"({"id":2})");
    host.bus.publish("record.created", R"({"id":3})", "core");
    BOOST_REQUIRE(waitUntil([&] { return seen.snapshot().size() == 3 && late.snapshot().size() == 1; }));
    BOOST_TEST(late.snapshot()[0].payload == R"({"id":3})");  // a new name starts at the newest event

    // After removeAll() a change of leadership starts nothing.
    context.removeAll();
    leadership.set(false);
    leadership.set(true);
    BOOST_TEST(context.durableRunning() == 0u);
    host.bus.setLog(nullptr);
}

// What runs once in a cluster and is no durable feed (a plugin's loop that
// takes a platform's commands) follows the host's role: told at once, then
// at each change; one host alone always leads.
BOOST_AUTO_TEST_CASE(a_plugin_learns_its_hosts_role_at_once_and_at_each_change) {
    TestServices host;
    std::string alone;
    {
        HostPluginContext context("solo", host.services());
        context.onLeadership([&](bool leading) { alone += leading ? 'L' : 'F'; });
    }
    BOOST_TEST(alone == "L");

    Leadership leadership(false);
    auto services = host.services();
    services.leadership = &leadership;
    HostPluginContext context("uplink", services);
    std::string roles;  // set() calls the handlers on this thread
    context.onLeadership([&](bool leading) { roles += leading ? 'L' : 'F'; });
    BOOST_TEST(roles == "F");
    leadership.set(true);
    leadership.set(true);  // no change, no call
    leadership.set(false);
    BOOST_TEST(roles == "FLF");
    // A handler that throws is contained: the host's change goes on.
    context.onLeadership([](bool) { throw std::runtime_error("failing on purpose"); });
    leadership.set(true);
    BOOST_TEST(roles == "FLFL");

    // After removeAll() no plugin code runs, and no handler is taken.
    context.removeAll();
    leadership.set(false);
    BOOST_TEST(roles == "FLFL");
    BOOST_CHECK_THROW(context.onLeadership([](bool) {}), std::logic_error);
}
