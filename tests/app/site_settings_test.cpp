#include <boost/test/unit_test.hpp>

// The Plugins screen's API and the settings changed on the page, against
// the real passwayd with the real plugins (issue 20a): every plugin of the
// folder is listed with its declarations; enabling, a setting change and
// disabling act on the running host without a restart; values are
// validated, secrets write-only, --set outranks the page, every change is
// audited, and what the page set survives a restart.

#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"
#include "support/TempDir.h"

#include <Poco/JSON/Array.h>

#include <filesystem>
#include <set>
#include <fstream>

using namespace passway::test;
using namespace std::chrono_literals;

namespace {

constexpr const char* kPassword = "site-settings-admin";

struct Site {
    TempDir dir{"site-settings"};
    std::uint16_t httpPort = freePort();
    std::unique_ptr<ChildProcess> process;
    std::string token;

    void start(std::vector<std::string> extra = {}) {
        std::vector<std::string> args{"--set", "http.address=127.0.0.1", "--set", "http.port=" + std::to_string(httpPort),
                                      "--set", std::string("plugins.dir=") + PASSWAY_PLUGIN_DIR,
                                      "--set", "scripts.dir=" + dir.file("scripts")};
        args.insert(args.end(), extra.begin(), extra.end());
        process = std::make_unique<ChildProcess>(std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd", args,
                                                 dir.path().string(),
                                                 std::map<std::string, std::string>{{"PASSWAY_ADMIN_PASSWORD", kPassword}});
        BOOST_REQUIRE_MESSAGE(process->waitForLine("Admin page:", 30s), "passwayd did not start:\n" + process->output());
        token = login(httpPort, "admin", kPassword);
        BOOST_REQUIRE(!token.empty());
    }
    void stop() {
        process->kill(SIGTERM);
        BOOST_TEST(process->waitExit(20s).value_or(-1) == 0);
    }
    ~Site() {
        if (process && process->running()) {
            process->kill(SIGTERM);
            process->waitExit(20s);
        }
    }

    HttpReply api(const std::string& method, const std::string& path, const std::string& body = "") const {
        return httpRequest(httpPort, method, "/api/v1" + path, body, token);
    }
    Poco::JSON::Object::Ptr plugin(const std::string& id) const {
        const auto reply = api("GET", "/plugins/" + id);
        BOOST_REQUIRE_MESSAGE(reply.status == 200, reply.body);
        return reply.json();
    }
    static Poco::JSON::Object::Ptr setting(const Poco::JSON::Object::Ptr& owner, const std::string& key) {
        const auto items = owner->has("settings") ? owner->getArray("settings") : owner->getArray("items");
        for (unsigned i = 0; i < items->size(); ++i) {
            if (items->getObject(i)->getValue<std::string>("key") == key) return items->getObject(i);
        }
        return nullptr;
    }
    std::string log() const {
        std::ifstream in(dir.file("var/log/passway.log"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(plugins_are_listed_enabled_reconfigured_and_disabled_without_a_host_restart) {
    Site site;
    site.start();

    // Every plugin of the folder, none enabled, each with its declarations.
    const auto list = site.api("GET", "/plugins");
    BOOST_REQUIRE_MESSAGE(list.status == 200, list.body);
    std::set<std::string> ids;
    const auto items = list.json()->getArray("items");
    for (unsigned i = 0; i < items->size(); ++i) ids.insert(items->getObject(i)->getValue<std::string>("id"));
    for (const char* id : {"httpv2", "tcpjson", "attlog"}) {
        BOOST_TEST_INFO("plugin " << id);
        BOOST_TEST(ids.count(id) == 1u);
    }
    auto httpv2 = site.plugin("httpv2");
    BOOST_TEST(httpv2->getValue<std::string>("state") == "stopped");
    BOOST_TEST(httpv2->getValue<int>("apiVersion") >= 4);
    BOOST_TEST(httpv2->getArray("commands")->size() > 0u);
    const auto port = Site::setting(httpv2, "port");
    BOOST_REQUIRE(port);
    BOOST_TEST(port->getValue<std::string>("type") == "int");
    BOOST_TEST(port->getValue<std::string>("default") == "9001");
    BOOST_TEST(port->getValue<std::string>("source") == "");

    // A value outside its declaration is refused and nothing is stored.
    const auto bad = site.api("PUT", "/plugins/httpv2/settings", R"({"values":{"port":"70000","photo_mode":"url"}})");
    BOOST_TEST(bad.status == 400);
    BOOST_TEST(bad.body.find("port") != std::string::npos);
    BOOST_TEST(Site::setting(site.plugin("httpv2"), "photo_mode")->getValue<std::string>("source") == "");
    BOOST_TEST(site.api("PUT", "/plugins/httpv2/settings", R"({"values":{"no_such_key":"1"}})").status == 400);

    // Set the port on the page, then enable: it listens there at once.
    const std::uint16_t first = freePort();
    auto put = site.api("PUT", "/plugins/httpv2/settings", R"({"values":{"port":")" + std::to_string(first) + R"("}})");
    BOOST_REQUIRE_MESSAGE(put.status == 200, put.body);
    BOOST_TEST(Site::setting(put.json(), "port")->getValue<std::string>("source") == "page");
    const auto enabled = site.api("POST", "/plugins/httpv2/enable");
    BOOST_REQUIRE_MESSAGE(enabled.status == 200, enabled.body);
    BOOST_TEST(enabled.json()->getValue<std::string>("state") == "running");
    BOOST_TEST(listening(first));
    const auto listener = enabled.json()->getArray("listeners")->getObject(0);
    BOOST_TEST(listener->getValue<int>("port") == first);
    BOOST_TEST(listener->getValue<std::string>("connect").find(":" + std::to_string(first)) != std::string::npos);

    // A changed setting restarts that plugin alone on its new port.
    const std::uint16_t second = freePort();
    put = site.api("PUT", "/plugins/httpv2/settings", R"({"values":{"port":")" + std::to_string(second) + R"("}})");
    BOOST_REQUIRE_MESSAGE(put.status == 200, put.body);
    BOOST_TEST(put.json()->getValue<std::string>("state") == "running");
    BOOST_TEST(listening(second));
    BOOST_TEST(eventually([&] { return !listening(first); }, 5s));

    // The attlog token is a family of secrets: write-only.
    put = site.api("PUT", "/plugins/attlog/settings", R"({"values":{"token.gate-a":"bridge-secret-123"}})");
    BOOST_REQUIRE_MESSAGE(put.status == 200, put.body);
    BOOST_TEST(put.body.find("bridge-secret-123") == std::string::npos);
    BOOST_TEST(site.api("GET", "/settings").body.find("bridge-secret-123") == std::string::npos);

    // Audited by key, never by value.
    const auto audit = site.api("GET", "/audit?action=plugin.settings");
    BOOST_TEST(audit.status == 200);
    BOOST_TEST(audit.json()->getArray("items")->size() >= 3u);
    BOOST_TEST(audit.body.find("bridge-secret-123") == std::string::npos);
    BOOST_TEST(site.api("GET", "/audit?action=plugin.enable&target=plugin:httpv2").json()->getArray("items")->size() == 1u);

    // What the page set survives a restart: httpv2 runs again on its port.
    site.stop();
    site.start();
    BOOST_TEST(site.plugin("httpv2")->getValue<std::string>("state") == "running");
    BOOST_TEST(eventually([&] { return listening(second); }, 5s));

    const auto disabled = site.api("POST", "/plugins/httpv2/disable");
    BOOST_REQUIRE_MESSAGE(disabled.status == 200, disabled.body);
    BOOST_TEST(disabled.json()->getValue<std::string>("state") == "stopped");
    BOOST_TEST(eventually([&] { return !listening(second); }, 5s));
    BOOST_TEST(site.log().find("bridge-secret-123") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(set_on_the_command_line_outranks_the_page_and_host_and_script_settings_are_validated) {
    Site site;
    std::filesystem::create_directories(site.dir.file("scripts"));
    std::ofstream(site.dir.file("scripts/notify.lua")) << "-- notify.lua: a test script\n"
                                                        << "-- @setting url url \"\" where to post\n"
                                                        << "-- @setting retries int 3 how often\n"
                                                        << "-- @setting key secret \"\" the API key\n"
                                                        << "local url = passway.config.get(\"url\")\n";
    site.start({"--set", "plugins.enabled=tcpjson", "--set", "plugin.tcpjson.port=" + std::to_string(freePort())});

    BOOST_TEST(site.api("POST", "/plugins/httpv2/enable").status == 409);
    BOOST_TEST(site.api("PUT", "/plugins/tcpjson/settings", R"({"values":{"port":"1234"}})").status == 409);
    BOOST_TEST(Site::setting(site.plugin("tcpjson"), "port")->getValue<std::string>("source") == "set");

    // The host's own: validated, secrets write-only, restart-needed said.
    auto host = site.api("GET", "/settings/runtime");
    BOOST_REQUIRE_MESSAGE(host.status == 200, host.body);
    BOOST_TEST(Site::setting(host.json(), "sms.url")->getValue<std::string>("apply") == "live");
    BOOST_TEST(site.api("PUT", "/settings/runtime", R"({"values":{"sms.url":"ftp://x"}})").status == 400);
    BOOST_TEST(site.api("PUT", "/settings/runtime", R"({"values":{"face.match_threshold":"2"}})").status == 400);
    host = site.api("PUT", "/settings/runtime",
                    R"({"values":{"sms.headers":"{\"X-Api-Key\":\"sms-key-789\"}","outbox.max_attempts":"4"}})");
    BOOST_REQUIRE_MESSAGE(host.status == 200, host.body);
    BOOST_TEST(host.json()->getValue<bool>("restartNeeded"));
    BOOST_TEST(host.body.find("sms-key-789") == std::string::npos);
    BOOST_TEST(Site::setting(host.json(), "sms.headers")->getValue<std::string>("value") == "***");
    BOOST_TEST(Site::setting(host.json(), "outbox.max_attempts")->getValue<std::string>("value") == "4");
    // Until the host restarts, the changed one says it waits; the others do not.
    BOOST_TEST(Site::setting(host.json(), "outbox.max_attempts")->getValue<bool>("restartPending"));
    BOOST_TEST(!Site::setting(host.json(), "outbox.backoff_ms")->getValue<bool>("restartPending"));
    BOOST_TEST(!Site::setting(host.json(), "sms.headers")->has("restartPending"));  // applies at once

    // A script's declared settings.
    auto script = site.api("GET", "/scripts/notify/settings");
    BOOST_REQUIRE_MESSAGE(script.status == 200, script.body);
    BOOST_TEST(script.json()->getArray("items")->size() == 3u);
    BOOST_TEST(site.api("PUT", "/scripts/notify/settings", R"({"values":{"retries":"many"}})").status == 400);
    script = site.api("PUT", "/scripts/notify/settings", R"({"values":{"url":"http://127.0.0.1:9/x","key":"k-1"}})");
    BOOST_REQUIRE_MESSAGE(script.status == 200, script.body);
    BOOST_TEST(Site::setting(script.json(), "url")->getValue<std::string>("value") == "http://127.0.0.1:9/x");
    BOOST_TEST(Site::setting(script.json(), "key")->getValue<std::string>("value") == "***");
    BOOST_TEST(site.api("GET", "/scripts/nope/settings").status == 404);
    site.stop();
    BOOST_TEST(site.log().find("sms-key-789") == std::string::npos);
    BOOST_TEST(site.log().find("script.notify.url changed on the admin page by admin") != std::string::npos);
}
