#include "ZjConfig.h"

#include <Poco/NumberParser.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <stdexcept>

namespace passway::zjchilink {

namespace {

int ranged(const Poco::Util::AbstractConfiguration& c, const std::string& key, int fallback, int low, int high) {
    const int v = c.getInt(key, fallback);
    if (v < low || v > high) {
        throw std::invalid_argument("plugin.zjchilink." + key + " must be " + std::to_string(low) + ".." +
                                    std::to_string(high));
    }
    return v;
}

}  // namespace

ZjConfig ZjConfig::read(const Poco::Util::AbstractConfiguration& c) {
    ZjConfig z;
    z.address = c.getString("address", z.address);
    z.port = static_cast<std::uint16_t>(ranged(c, "port", z.port, 0, 65535));
    z.maxBodyBytes = static_cast<std::size_t>(ranged(c, "max_body_bytes", int(z.maxBodyBytes), 1024, 64 << 20));
    z.maxThreads = ranged(c, "max_threads", z.maxThreads, 1, 256);
    z.smsIntervalSeconds = ranged(c, "sms.interval_s", z.smsIntervalSeconds, 0, 3600);
    z.smsCodeTtlSeconds = ranged(c, "sms.code_ttl_s", z.smsCodeTtlSeconds, 30, 3600);
    z.smsText = c.getString("sms.text", z.smsText);
    if (z.smsText.find("{code}") == std::string::npos) {
        throw std::invalid_argument("plugin.zjchilink.sms.text must contain {code}");
    }
    z.personIdBase = static_cast<std::uint32_t>(c.getUInt("person_id_base", z.personIdBase));
    if (z.personIdBase == 0 || z.personIdBase > 4000000000u) {
        throw std::invalid_argument("plugin.zjchilink.person_id_base must be 1..4000000000");
    }
    z.maxItems = static_cast<std::size_t>(ranged(c, "max_items", int(z.maxItems), 10, 1000000));
    z.mqttUrl = c.getString("mqtt.url", "");
    if (!z.mqttUrl.empty()) {
        std::string host;
        int port = 0;
        splitMqttUrl(z.mqttUrl, host, port);
    }
    z.mqttUsername = c.getString("mqtt.username", "");
    z.mqttPassword = c.getString("mqtt.password", "");
    z.mqttClientId = c.getString("mqtt.client_id", z.mqttClientId);
    z.mqttKeepaliveSeconds = ranged(c, "mqtt.keepalive_s", z.mqttKeepaliveSeconds, 5, 3600);
    z.mqttReconnectMinSeconds = ranged(c, "mqtt.reconnect_min_s", z.mqttReconnectMinSeconds, 1, 600);
    z.mqttReconnectMaxSeconds =
        ranged(c, "mqtt.reconnect_max_s", z.mqttReconnectMaxSeconds, z.mqttReconnectMinSeconds, 3600);
    z.udpEnabled = c.getBool("udp.enabled", false);
    z.udpAddress = c.getString("udp.address", z.udpAddress);
    z.udpPort = static_cast<std::uint16_t>(ranged(c, "udp.port", z.udpPort, 1, 65535));
    z.udpSourcePort = static_cast<std::uint16_t>(ranged(c, "udp.source_port", z.udpSourcePort, 1, 65535));
    return z;
}

void ZjConfig::splitMqttUrl(const std::string& url, std::string& host, int& port) {
    const std::string scheme = "mqtt://";
    if (url.compare(0, scheme.size(), scheme) != 0) {
        throw std::invalid_argument("plugin.zjchilink.mqtt.url must be mqtt://host[:port], not " + url);
    }
    std::string rest = url.substr(scheme.size());
    if (!rest.empty() && rest.back() == '/') rest.pop_back();
    const auto colon = rest.rfind(':');
    port = 1883;
    host = rest;
    if (colon != std::string::npos) {
        host = rest.substr(0, colon);
        if (!Poco::NumberParser::tryParse(rest.substr(colon + 1), port) || port < 1 || port > 65535) {
            throw std::invalid_argument("plugin.zjchilink.mqtt.url: bad port in " + url);
        }
    }
    if (host.empty()) throw std::invalid_argument("plugin.zjchilink.mqtt.url: no host in " + url);
}

}  // namespace passway::zjchilink
