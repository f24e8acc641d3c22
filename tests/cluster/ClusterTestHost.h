#pragma once

// One passwayd of a test cluster: a real process on a store URL shared with
// the others, its own folder (scripts, log), ports and admin token, and the
// questions the cluster tests ask it (its view of the cluster in
// /api/v1/health, its durable subscribers in /metrics).

#include "support/ChildProcess.h"
#include "support/HttpClient.h"
#include "support/Loopback.h"
#include "support/TempDir.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace passway::test {

inline constexpr const char* kClusterPassword = "two-host-secret";

struct ClusterTestHost {
    std::string name;
    TempDir dir;
    std::uint16_t httpPort = freePort();
    std::uint16_t httpv2Port = freePort();
    std::uint16_t tcpjsonPort = freePort();
    std::unique_ptr<ChildProcess> process;
    std::string token;

    // `scripts`: <name>.lua files to start with; `extra`: more key=value
    // settings (after the defaults, so they win).
    ClusterTestHost(const std::string& hostName, const std::string& storeUrl,
                    const std::map<std::string, std::string>& scripts, const std::vector<std::string>& extra = {},
                    const std::string& plugins = "httpv2,tcpjson")
        : name(hostName), dir("cluster-" + hostName) {
        std::filesystem::create_directories(dir.file("scripts"));
        for (const auto& [script, source] : scripts) std::ofstream(dir.file("scripts/" + script + ".lua")) << source;
        std::vector<std::string> settings{
            "http.address=127.0.0.1", "http.port=" + std::to_string(httpPort),
            std::string("www.dir=") + PASSWAY_SOURCE_DIR + "/www", "store.url=" + storeUrl,
            std::string("plugins.dir=") + PASSWAY_PLUGIN_DIR, "plugins.enabled=" + plugins,
            "plugin.httpv2.port=" + std::to_string(httpv2Port), "plugin.tcpjson.port=" + std::to_string(tcpjsonPort),
            "plugin.tcpjson.request_timeout_ms=1000", "plugin.tcpjson.retry_delay_ms=300",
            "plugin.tcpjson.utc_offset_minutes=480", "scripts.dir=" + dir.file("scripts"),
            "outbox.poll_ms=50", "outbox.batch=1", "outbox.timeout_ms=2000", "cluster.host_id=" + name,
            "cluster.heartbeat_ms=200", "cluster.lease_ms=1000", "cluster.poll_ms=2000", "log.level=debug"};
        settings.insert(settings.end(), extra.begin(), extra.end());
        std::vector<std::string> args;
        for (const auto& kv : settings) {
            args.push_back("--set");
            args.push_back(kv);
        }
        process = std::make_unique<ChildProcess>(std::string(PASSWAY_BINARY_DIR) + "/bin/passwayd", args,
                                                 dir.path().string(),
                                                 std::map<std::string, std::string>{{"PASSWAY_ADMIN_PASSWORD", kClusterPassword}});
        BOOST_REQUIRE_MESSAGE(process->waitForLine("Admin page:", std::chrono::seconds(30)),
                              name + " did not start:\n" + process->output());
        const bool tcpjson = plugins.find("tcpjson") != std::string::npos;
        BOOST_REQUIRE(eventually([&] { return listening(httpv2Port) && (!tcpjson || listening(tcpjsonPort)); },
                                 std::chrono::seconds(10)));
        token = login(httpPort, "admin", kClusterPassword);
        BOOST_REQUIRE(!token.empty());
    }
    ~ClusterTestHost() {
        if (process && process->running()) {
            process->kill(SIGTERM);
            process->waitExit(std::chrono::seconds(20));
        }
    }

    HttpReply api(const std::string& method, const std::string& path, const std::string& body = "") const {
        return httpRequest(httpPort, method, "/api/v1" + path, body, token);
    }
    std::int64_t deviceId(const std::string& serial) const {
        const auto reply = api("GET", "/devices?limit=1000");
        if (reply.status != 200) return 0;
        const auto items = reply.json()->getArray("items");
        for (unsigned i = 0; i < items->size(); ++i) {
            if (items->getObject(i)->getValue<std::string>("serial") == serial) {
                return items->getObject(i)->getValue<std::int64_t>("id");
            }
        }
        return 0;
    }
    std::string commandState(std::int64_t id) const {
        const auto reply = api("GET", "/commands/" + std::to_string(id));
        return reply.status == 200 ? reply.json()->getValue<std::string>("state") : "?";
    }
    std::int64_t queue(std::int64_t deviceId, const std::string& body) const {
        const auto reply = api("POST", "/devices/" + std::to_string(deviceId) + "/commands", body);
        BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
        return reply.json()->getValue<std::int64_t>("id");
    }
    // Each stored identification record of the device (its terminal's id and
    // time), with how often it is there; not the door's own events ("system:").
    std::map<std::string, int> records(std::int64_t deviceId) const {
        const auto reply = api("GET", "/records?limit=200&deviceId=" + std::to_string(deviceId));
        std::map<std::string, int> out;
        if (reply.status != 200) return out;
        const auto items = reply.json()->getArray("items");
        for (unsigned i = 0; i < items->size(); ++i) {
            const auto record = items->getObject(i);
            if (record->optValue<std::string>("deviceRecordId", "").rfind("system:", 0) == 0) continue;
            out[record->optValue<std::string>("deviceRecordId", "") + "@" +
                std::to_string(record->getValue<std::int64_t>("deviceTime"))] += 1;
        }
        return out;
    }
    Poco::JSON::Object::Ptr clusterHost(const std::string& id) const {
        const auto health = httpRequest(httpPort, "GET", "/api/v1/health");
        if (health.status != 200 || !health.json()->has("cluster")) return nullptr;
        const auto hosts = health.json()->getObject("cluster")->getArray("hosts");
        for (unsigned i = 0; i < hosts->size(); ++i) {
            if (hosts->getObject(i)->getValue<std::string>("id") == id) return hosts->getObject(i);
        }
        return nullptr;
    }
    bool leads(const std::string& id) const {
        const auto host = clusterHost(id);
        return host && host->getValue<bool>("leader");
    }
    int devicesHeld(const std::string& id) const {
        const auto host = clusterHost(id);
        return host ? host->getValue<int>("devices") : -1;
    }
    // Whether a durable subscriber of that name runs in this process
    // (/metrics lists the running ones).
    bool runsSubscriber(const std::string& subscriber) const {
        const auto metrics = httpRequest(httpPort, "GET", "/metrics");
        return metrics.status == 200 &&
               metrics.body.find("passway_journal_cursor{subscriber=\"" + subscriber + "\"}") != std::string::npos;
    }
    // Journal entries that subscriber has not committed its cursor past
    // (-1 when it does not run here).
    long subscriberLag(const std::string& subscriber) const {
        const auto metrics = httpRequest(httpPort, "GET", "/metrics");
        const std::string series = "passway_journal_lag_events{subscriber=\"" + subscriber + "\"} ";
        const auto at = metrics.body.find(series);
        if (metrics.status != 200 || at == std::string::npos) return -1;
        return std::stol(metrics.body.substr(at + series.size()));
    }
    // The log file, for failure messages. passwayd writes it through a
    // buffer (log file flush off), so its newest lines may be missing: wait
    // for a line on the console (process->waitForLine), which is flushed
    // line by line.
    std::string log() const {
        std::ifstream in(dir.file("var/log/passway.log"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    }
};

}  // namespace passway::test
