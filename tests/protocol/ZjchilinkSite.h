#pragma once

// A real passwayd with the zjchilink plugin, a real mosquitto broker started
// for the test on a free 127.0.0.1 port (config in a temporary folder), a
// stub SMS gateway (HttpReceiver) behind sms.url, and UDP discovery on a
// free port. Exits 77 (skipped) when /usr/sbin/mosquitto is missing.

#include "PluginSite.h"
#include "sim/zjchilink/ZjApp.h"
#include "support/HttpReceiver.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/DatagramSocket.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <regex>

namespace passway::test {

namespace zsim = passway::sim::zjchilink;

// mosquitto on 127.0.0.1:port, no persistence, anonymous clients.
class Broker {
public:
    static constexpr const char* kBinary = "/usr/sbin/mosquitto";

    Broker() : dir("zjchilink-broker") {
        if (!std::filesystem::exists(kBinary)) {
            // Under CI=true a skip fails, as for missing shared data.
            const char* ci = std::getenv("CI");
            const bool underCi = ci && std::string(ci) == "true";
            std::cerr << kBinary << " is missing (Debian package mosquitto): skipped"
                      << (underCi ? "; CI=true: this fails the run" : "") << "\n";
            std::exit(underCi ? 1 : 77);
        }
        std::ofstream(dir.file("mosquitto.conf")) << "listener " << port << " 127.0.0.1\n"
                                                   << "allow_anonymous true\npersistence false\n";
        process = std::make_unique<ChildProcess>(kBinary, std::vector<std::string>{"-c", dir.file("mosquitto.conf")},
                                                 dir.path().string());
        BOOST_REQUIRE_MESSAGE(eventually([this] { return test::listening(port); }, 10s),
                              "mosquitto did not start:\n" + process->output());
    }
    ~Broker() {
        if (process && process->running()) {
            process->kill(SIGTERM);
            process->waitExit(10s);
        }
    }

    TempDir dir;
    std::uint16_t port = freePort();
    std::unique_ptr<ChildProcess> process;
};

inline std::uint16_t freeUdpPort() {
    Poco::Net::DatagramSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), false);
    return socket.address().port();
}

// What must exist before passwayd starts (its arguments name them).
struct ZjchilinkParts {
    Broker broker;
    HttpReceiver smsGateway;
    std::uint16_t udpPort = freeUdpPort();
};

class ZjchilinkSite : public ZjchilinkParts, public PluginSite {
public:
    static constexpr std::uint32_t kPersonBase = 700000000;

    explicit ZjchilinkSite(std::vector<std::string> extra = {}) : PluginSite("zjchilink", arguments(*this, std::move(extra))) {}

    static std::vector<std::string> arguments(ZjchilinkParts& parts, std::vector<std::string> extra) {
        std::vector<std::string> args{"--set", "sms.url=" + parts.smsGateway.url("/sms"),
                "--set", "outbox.poll_ms=100",
                "--set", "devices.auto_activate=true",
                "--set", "plugin.zjchilink.person_intake=accept",
                "--set", "plugin.zjchilink.mqtt.url=mqtt://127.0.0.1:" + std::to_string(parts.broker.port),
                "--set", "plugin.zjchilink.udp.enabled=true",
                "--set", "plugin.zjchilink.udp.address=127.0.0.1",
                "--set", "plugin.zjchilink.udp.port=" + std::to_string(parts.udpPort),
                "--set", "log.level=debug"};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    }

    zsim::ZjApp app() const { return zsim::ZjApp(devicePort); }

    // The code the stub SMS gateway received for `phone` (the newest), waiting for its delivery.
    std::string smsCodeFor(const std::string& phone) const {
        std::string code;
        const bool arrived = eventually(
            [&] {
                for (const auto& r : smsGateway.requests()) {
                    if (r.body.find(phone) == std::string::npos) continue;
                    std::smatch m;
                    if (std::regex_search(r.body, m, std::regex("code is ([0-9]{6})"))) code = m[1];
                }
                return !code.empty();
            },
            15s);
        BOOST_REQUIRE_MESSAGE(arrived, "no SMS reached the gateway for " + phone + ":\n" + log());
        return code;
    }

    // Registers `phone` through the SMS flow and logs the app in.
    void registerAndLogin(zsim::ZjApp& app, const std::string& phone, const std::string& password) const {
        const auto sent = app.requestCode(phone);
        BOOST_REQUIRE_MESSAGE(sent.status == 200001, sent.body);
        const auto registered = app.registerUser(phone, password, smsCodeFor(phone));
        BOOST_REQUIRE_MESSAGE(registered.status == 200002 && registered.http == 201, registered.body);
        const auto in = app.login(phone, password);
        BOOST_REQUIRE_MESSAGE(in.status == 200003, in.body);
    }

    std::int64_t accountId(zsim::ZjApp& app) const {
        const auto profile = app.get("/api/accounts/user_get_profile/");
        BOOST_REQUIRE_MESSAGE(profile.status == 200004, profile.body);
        return profile.msgObject()->getValue<std::int64_t>("id");
    }

    // Creates a lock owned by `app`'s user; returns its id in the API.
    std::int64_t addLock(zsim::ZjApp& app, const std::string& uuid) const {
        const auto created = app.post("/api/iot/iot_manage_view/",
                                      R"({"data":{"category":"lock","type_sub":"AA02SL-HE","uuid":")" + uuid +
                                          R"(","title":"Front door","ver":"0.0.1","body":"智能门锁","param":{"battery":99}}})");
        BOOST_REQUIRE_MESSAGE(created.status == 200013, created.body);
        return created.data()->getValue<std::int64_t>("id");
    }
};

}  // namespace passway::test
