#pragma once

// A real passwayd with the attlog plugin and simulated seed-000 bridges
// posting to it over 127.0.0.1: what the attlog protocol tests run against.
// Two bridges are configured: "north" (the document's own token) and "south".

#include "PluginSite.h"
#include "sim/attlog/SimBridge.h"

namespace passway::test {

namespace asim = passway::sim::attlog;

class AttlogSite : public PluginSite {
public:
    static constexpr const char* kNorthToken = "gh_2837e31e28ed";
    static constexpr const char* kSouthToken = "south-bridge-token-7";

    explicit AttlogSite(std::vector<std::string> extra = {}) : PluginSite("attlog", withDefaults(std::move(extra))) {}

    static std::vector<std::string> withDefaults(std::vector<std::string> extra) {
        std::vector<std::string> args{"--set", std::string("plugin.attlog.token.north=") + kNorthToken,
                                      "--set", std::string("plugin.attlog.token.south=") + kSouthToken,
                                      "--set", "plugin.attlog.utc_offset_minutes=480",
                                      "--set", "log.level=debug"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    std::unique_ptr<asim::SimBridge> bridge(const std::string& token = kNorthToken,
                                            std::function<void(asim::BridgeOptions&)> adjust = {}) const {
        asim::BridgeOptions o;
        o.port = devicePort;
        o.token = token;
        if (adjust) adjust(o);
        return std::make_unique<asim::SimBridge>(o);
    }

    // The bridge introduces `serial` (registered pending, its first request
    // refused) and an admin activates it.
    void introduce(asim::SimBridge& bridge, const std::string& serial) const {
        const auto first = bridge.pollCommands(serial);
        BOOST_REQUIRE_MESSAGE(first.status == 403 && first.state() == "ERROR", first.text);
        BOOST_REQUIRE_MESSAGE(deviceId(serial) != 0, serial + " was not registered:\n" + log());
        activate(serial);
        BOOST_REQUIRE(eventually([&] { return bridge.pollCommands(serial).status == 200; }));
    }

    std::string commandState(std::int64_t id) const {
        const auto reply = api("GET", "/commands/" + std::to_string(id));
        return reply.status == 200 ? reply.json()->getValue<std::string>("state") : "?";
    }
    Poco::JSON::Object::Ptr command(std::int64_t id) const {
        return api("GET", "/commands/" + std::to_string(id)).json();
    }
    std::int64_t queueCommand(const std::string& serial, const std::string& body) const {
        const auto reply = api("POST", "/devices/" + std::to_string(deviceId(serial)) + "/commands", body);
        BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
        return reply.json()->getValue<std::int64_t>("id");
    }
};

}  // namespace passway::test
