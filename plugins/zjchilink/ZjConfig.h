#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway::zjchilink {

// plugin.zjchilink.* (README.md lists every key with its default).
struct ZjConfig {
    std::string address = "0.0.0.0";
    std::uint16_t port = 8084;                 // the document's HTTP port
    std::size_t maxBodyBytes = 4u << 20;       // an avatar of 2 MiB as base64, with room
    int maxThreads = 8;

    int smsIntervalSeconds = 60;               // one code per number per interval
    int smsCodeTtlSeconds = 300;               // a code expires after this
    std::string smsText = "Your verification code is {code}. It expires in 5 minutes.";

    std::uint32_t personIdBase = 700000000;    // canonical user ids of app users, members and visitors
    std::size_t maxItems = 10000;              // per collection of plugin-local data

    // MQTT (section 4). Empty url: no MQTT link.
    std::string mqttUrl;                       // mqtt://host:port
    std::string mqttUsername;
    std::string mqttPassword;                  // never logged
    std::string mqttClientId = "passway-zjchilink";
    int mqttKeepaliveSeconds = 30;
    int mqttReconnectMinSeconds = 1;
    int mqttReconnectMaxSeconds = 60;

    // UDP discovery (section 10), off unless enabled.
    bool udpEnabled = false;
    std::string udpAddress = "0.0.0.0";        // the interface to answer on
    std::uint16_t udpPort = 9830;              // the document's destination port
    std::uint16_t udpSourcePort = 9820;        // announced as the source port

    // Throws std::invalid_argument for a value out of range.
    static ZjConfig read(const Poco::Util::AbstractConfiguration& config);
    // host and port of mqttUrl; throws std::invalid_argument when it is not mqtt://host[:port].
    static void splitMqttUrl(const std::string& url, std::string& host, int& port);
};

}  // namespace passway::zjchilink
