#pragma once

// A real passwayd with the henan plugin and simulated seed-003 terminals
// posting signed forms to it over 127.0.0.1: what the henan protocol tests
// run against. Two apps are configured: "keji_123321" (the document's
// example appid) and "site-b".

#include "PluginSite.h"
#include "sim/henan/SimPlatform.h"
#include "sim/henan/SimTerminal.h"

namespace passway::test {

namespace hsim = passway::sim::henan;

class HenanSite : public PluginSite {
public:
    static constexpr const char* kAppId = "keji_123321";
    static constexpr const char* kSecret = "ghghgh-site-secret";
    static constexpr const char* kOtherAppId = "site-b";
    static constexpr const char* kOtherSecret = "site-b-secret-2";

    explicit HenanSite(std::vector<std::string> extra = {}) : PluginSite("henan", withDefaults(std::move(extra))) {}

    static std::vector<std::string> withDefaults(std::vector<std::string> extra) {
        std::vector<std::string> args{"--set", std::string("plugin.henan.app.") + kAppId + ".secret=" + kSecret,
                                      "--set", std::string("plugin.henan.app.") + kOtherAppId + ".secret=" + kOtherSecret,
                                      "--set", "plugin.henan.utc_offset_minutes=480",
                                      "--set", "plugin.henan.dev_mode=true",
                                      "--set", "log.level=debug"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    std::unique_ptr<hsim::SimTerminal> terminal(const std::string& sn, const std::string& version = "v1") const {
        hsim::TerminalOptions o;
        o.port = devicePort;
        o.appid = kAppId;
        o.secret = kSecret;
        o.sn = sn;
        o.version = version;
        return std::make_unique<hsim::SimTerminal>(o);
    }

    // The terminal's first heartbeat registers it pending (refused 未匹配到数据),
    // an admin activates it, and its heartbeats are answered.
    void introduce(hsim::SimTerminal& t) const {
        const auto first = t.heartbeat();
        BOOST_REQUIRE_MESSAGE(first.success == 0 && first.msg == "未匹配到数据", first.body);
        BOOST_REQUIRE_MESSAGE(deviceId(t.options().sn) != 0, t.options().sn + " was not registered:\n" + log());
        activate(t.options().sn);
        BOOST_REQUIRE(eventually([&] { return t.heartbeat().success == 1; }));
    }

    void createPerson(const std::string& body) const {
        const auto reply = api("POST", "/persons", body);
        BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
    }
    void setPhoto(std::uint32_t userId, const std::string& jpeg) const {
        const auto reply = api("PUT", "/persons/" + std::to_string(userId) + "/photo", jpeg, "image/jpeg");
        BOOST_REQUIRE_MESSAGE(reply.status == 200 || reply.status == 204, reply.body);
    }
    bool settled(std::int64_t deviceId, std::uint32_t userId) const {
        const auto e = syncEntry(deviceId, userId);
        return e && !e->getValue<bool>("pending");
    }
    std::string commandState(std::int64_t id) const {
        const auto reply = api("GET", "/commands/" + std::to_string(id));
        return reply.status == 200 ? reply.json()->getValue<std::string>("state") : "?";
    }
    std::int64_t queueCommand(const std::string& serial, const std::string& body) const {
        const auto reply = api("POST", "/devices/" + std::to_string(deviceId(serial)) + "/commands", body);
        BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
        return reply.json()->getValue<std::int64_t>("id");
    }
};

}  // namespace passway::test
