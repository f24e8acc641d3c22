#pragma once

// A real passwayd with one protocol plugin in a temporary folder and its
// admin API logged in: what the protocol tests of every plugin run against
// (Httpv2Site, TcpjsonSite add their simulated terminals).

#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"
#include "support/GeneratedImage.h"
#include "support/TempDir.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace passway::test {

using namespace std::chrono_literals;

// Photos for the protocol tests. None of them needs a real face (the host
// under test runs without face models, so photos are stored unchecked):
// they are generated, so these tests depend on nothing outside the
// repository and never skip.
struct Faces {
    // Writes a generated JPEG named `name` into `into` and returns its bytes
    // (a different image for each name).
    static std::string copy(const TempDir& into, const std::string& name) {
        const std::string bytes = generatedJpeg(name);
        std::ofstream(into.file(name), std::ios::binary) << bytes;
        return bytes;
    }
};

class PluginSite {
public:
    static constexpr const char* kPassword = "plugin-protocol-secret";

    PluginSite(const std::string& pluginId, std::vector<std::string> extra)
        : pluginId_(pluginId), dir(pluginId + "-protocol") {
        launch(std::move(extra));
    }

    // Starts passwayd (again: after a crash test killed it) on the same
    // folder, ports and database, and logs in.
    void launch(std::vector<std::string> extra) {
        const std::string plugin = std::string(PASSWAY_PLUGIN_DIR) + "/passway_" + pluginId_ + ".so";
        BOOST_REQUIRE_MESSAGE(std::filesystem::exists(plugin), "the " + pluginId_ + " plugin is not built: " + plugin);
        std::vector<std::string> args{"--set", "http.address=127.0.0.1",
                                      "--set", "http.port=" + std::to_string(httpPort),
                                      "--set", std::string("www.dir=") + PASSWAY_SOURCE_DIR + "/www",
                                      "--set", std::string("plugins.dir=") + PASSWAY_PLUGIN_DIR,
                                      "--set", "plugins.enabled=" + pluginId_,
                                      "--set", "plugin." + pluginId_ + ".port=" + std::to_string(devicePort)};
        args.insert(args.end(), extra.begin(), extra.end());
        process =
            std::make_unique<ChildProcess>(std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd", args, dir.path().string(),
                                           std::map<std::string, std::string>{{"PASSWAY_ADMIN_PASSWORD", kPassword}});
        BOOST_REQUIRE_MESSAGE(process->waitForLine("Admin page:", 30s),
                              "passwayd did not start:\n" + process->output());
        BOOST_REQUIRE_MESSAGE(eventually([this] { return listening(); }, 10s),
                              "the " + pluginId_ + " plugin does not listen on " + std::to_string(devicePort) + ":\n" + log());
        token = login(httpPort, "admin", kPassword);
        BOOST_REQUIRE(!token.empty());
    }

    virtual ~PluginSite() {
        if (process && process->running()) {
            process->kill(SIGTERM);
            process->waitExit(20s);
        }
    }

    HttpReply api(const std::string& method, const std::string& path, const std::string& body = "",
                  const std::string& contentType = "application/json") const {
        return httpRequest(httpPort, method, "/api/v1" + path, body, token, contentType);
    }

    // The device's JSON as the admin API shows it; null when it does not exist.
    Poco::JSON::Object::Ptr device(const std::string& serial) const {
        const auto reply = api("GET", "/devices?limit=1000");
        if (reply.status != 200) return nullptr;
        const auto items = reply.json()->getArray("items");
        for (unsigned i = 0; i < items->size(); ++i) {
            const auto d = items->getObject(i);
            if (d->getValue<std::string>("serial") == serial) return d;
        }
        return nullptr;
    }
    std::int64_t deviceId(const std::string& serial) const {
        const auto d = device(serial);
        return d ? d->getValue<std::int64_t>("id") : 0;
    }
    void activate(const std::string& serial) const {
        const auto id = deviceId(serial);
        BOOST_REQUIRE_MESSAGE(id != 0, "device " + serial + " is not known to the host");
        const auto reply = api("POST", "/devices/" + std::to_string(id) + "/activate");
        BOOST_REQUIRE_MESSAGE(reply.status == 200, "activate " + serial + ": " + reply.body);
    }
    // The device's sync ledger entry for a person (null: none).
    Poco::JSON::Object::Ptr syncEntry(std::int64_t deviceId, std::uint32_t userId) const {
        const auto reply = api("GET", "/devices/" + std::to_string(deviceId) + "/sync?limit=1000");
        if (reply.status != 200) return nullptr;
        const auto items = reply.json()->getArray("items");
        for (unsigned i = 0; i < items->size(); ++i) {
            const auto e = items->getObject(i);
            if (e->getValue<std::uint32_t>("userId") == userId) return e;
        }
        return nullptr;
    }
    Poco::JSON::Array::Ptr records(std::int64_t deviceId) const {
        const auto reply = api("GET", "/records?limit=200&deviceId=" + std::to_string(deviceId));
        BOOST_REQUIRE_MESSAGE(reply.status == 200, reply.body);
        return reply.json()->getArray("items");
    }

    std::string log() const {
        std::ifstream in(dir.file("var/log/passway.log"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
    // Whether `text` was logged. The file is written without a flush per
    // line, so a line just logged may be only on the console (line-flushed)
    // yet: tests ask with eventually().
    bool logged(const std::string& text) const {
        return log().find(text) != std::string::npos || (process && process->output().find(text) != std::string::npos);
    }

    bool listening() const { return test::listening(devicePort); }

    std::string pluginId_;
    TempDir dir;
    std::uint16_t httpPort = freePort();
    std::uint16_t devicePort = freePort();
    std::unique_ptr<ChildProcess> process;
    std::string token;
};

}  // namespace passway::test
