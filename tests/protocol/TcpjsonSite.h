#pragma once

// A real passwayd with the tcpjson plugin, and simulated seed-001 terminals
// that connect to the plugin's port: what the tcpjson protocol tests run
// against. Timeouts are short so that silence and retries show in seconds.

#include "PluginSite.h"
#include "sim/tcpjson/SimTerminal.h"

#include <Poco/JSON/Object.h>

namespace passway::test {

namespace tsim = passway::sim::tcpjson;

class TcpjsonSite : public PluginSite {
public:
    explicit TcpjsonSite(std::vector<std::string> extra = {})
        : PluginSite("tcpjson", withDefaults(std::move(extra))) {}

    static std::vector<std::string> withDefaults(std::vector<std::string> extra) {
        std::vector<std::string> args{"--set", "plugin.tcpjson.request_timeout_ms=1000",
                                      "--set", "plugin.tcpjson.retry_delay_ms=300",
                                      "--set", "plugin.tcpjson.websocket_grace_ms=100",
                                      "--set", "plugin.tcpjson.utc_offset_minutes=480",
                                      "--set", "log.level=debug"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    tsim::SimOptions simOptions(const std::string& uuid) const {
        tsim::SimOptions o;
        o.port = devicePort;
        o.uuid = uuid;
        return o;
    }

    // A connected terminal the host has registered (and, when `activate`, activated).
    std::unique_ptr<tsim::SimTerminal> terminal(const std::string& uuid, bool activateIt = true,
                                                std::function<void(tsim::SimOptions&)> adjust = {}) const {
        auto options = simOptions(uuid);
        if (adjust) adjust(options);
        auto sim = std::make_unique<tsim::SimTerminal>(options);
        sim->connect();
        BOOST_REQUIRE_MESSAGE(eventually([&] { return deviceId(uuid) != 0; }), uuid + " was not registered:\n" + log());
        if (activateIt) {
            const auto d = device(uuid);
            if (d->getValue<std::string>("state") != "active") activate(uuid);
            BOOST_REQUIRE(eventually([&] { return device(uuid)->getValue<std::string>("state") == "active"; }));
        }
        return sim;
    }

    static Poco::JSON::Object::Ptr accessInfo(const std::string& personId, const std::string& time,
                                              int openDoorType = 1, int inOut = 1) {
        Poco::JSON::Object::Ptr info = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        info->set("person_id", personId);
        info->set("time", time);
        info->set("id_number", "1545123");
        info->set("card_number", "123123123");
        info->set("role", 12);
        info->set("open_door_type", openDoorType);
        info->set("in_out_type", inOut);
        info->set("community_code", "1231321");
        return info;
    }

    // The command's state as the admin API shows it.
    std::string commandState(std::int64_t id) const {
        const auto reply = api("GET", "/commands/" + std::to_string(id));
        return reply.status == 200 ? reply.json()->getValue<std::string>("state") : "?";
    }
    std::int64_t queueCommand(const std::string& uuid, const std::string& body) const {
        const auto reply = api("POST", "/devices/" + std::to_string(deviceId(uuid)) + "/commands", body);
        BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
        return reply.json()->getValue<std::int64_t>("id");
    }
};

}  // namespace passway::test
