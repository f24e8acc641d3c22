#pragma once

// A real passwayd with the httpv2 plugin, and simulated HTTPv2 terminals
// pointed at the plugin's port: what the HTTPv2 protocol tests run against.

#include "PluginSite.h"
#include "sim/httpv2/Terminal.h"

namespace passway::test {

namespace sim = passway::sim::httpv2;

class Httpv2Site : public PluginSite {
public:
    explicit Httpv2Site(std::vector<std::string> extra = {}) : PluginSite("httpv2", std::move(extra)) {}

    sim::TerminalOptions terminalOptions(const std::string& sn) const {
        sim::TerminalOptions o;
        o.sn = sn;
        o.host = "127.0.0.1";
        o.port = devicePort;
        o.timeout = 10s;
        return o;
    }
    // A terminal whose first keepalive made the host know it, activated
    // through the admin API, and whose next session was accepted.
    std::unique_ptr<sim::Terminal> activeTerminal(const std::string& sn,
                                                  std::function<void(sim::TerminalOptions&)> adjust = {}) const {
        auto options = terminalOptions(sn);
        if (adjust) adjust(options);
        auto terminal = std::make_unique<sim::Terminal>(options);
        const auto first = terminal->runSession();
        BOOST_REQUIRE_MESSAGE(first.error.empty(), sn + ": " + first.error);
        if (first.keepaliveSuccess != 1) {
            // A terminal the host could not register at once (its store busy
            // on a loaded machine) is registered at a later keepalive, as a
            // real terminal's would be.
            BOOST_REQUIRE_MESSAGE(terminal->runUntil([&] { return deviceId(sn) != 0; }, 10s),
                                  sn + " is not registered: Success " +
                                      std::to_string(terminal->lastReport().keepaliveSuccess) + " " +
                                      terminal->lastReport().keepaliveMessage + "\n" + log());
            activate(sn);
        }
        const bool accepted = terminal->runUntil([&] { return terminal->lastReport().keepaliveSuccess == 1; }, 10s);
        BOOST_REQUIRE_MESSAGE(accepted, sn + " is not accepted after activation: Success " +
                                            std::to_string(terminal->lastReport().keepaliveSuccess) + " " +
                                            terminal->lastReport().keepaliveMessage);
        return terminal;
    }

};

}  // namespace passway::test
