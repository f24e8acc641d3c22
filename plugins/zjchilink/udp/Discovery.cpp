#include "udp/Discovery.h"

#include "passway/JsonText.h"
#include "wire/Reply.h"
#include "wire/StatusCodes.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Net/NetException.h>

namespace passway::zjchilink {

std::uint16_t Discovery::start() {
    socket_.bind(Poco::Net::SocketAddress(s_.config.udpAddress, s_.config.udpPort), true);
    socket_.setBroadcast(true);
    socket_.setReceiveTimeout(Poco::Timespan(0, 300000));
    running_ = true;
    thread_ = std::thread([this] { run(); });
    const auto port = socket_.address().port();
    s_.context.logger().information("UDP discovery on " + s_.config.udpAddress + ":" + std::to_string(port));
    return port;
}

void Discovery::stop() {
    running_ = false;
    if (thread_.joinable()) thread_.join();
    try {
        socket_.close();
    } catch (const std::exception&) {
    }
}

void Discovery::run() {
    char buffer[8192];
    while (running_) {
        try {
            Poco::Net::SocketAddress sender;
            const int n = socket_.receiveFrom(buffer, sizeof buffer, sender);
            if (n <= 0) continue;
            const std::string reply = answer(std::string(buffer, static_cast<std::size_t>(n)), socket_.address().host().toString());
            if (!reply.empty()) socket_.sendTo(reply.data(), static_cast<int>(reply.size()), sender);
        } catch (const Poco::TimeoutException&) {
        } catch (const std::exception& e) {
            if (running_) s_.context.logger().warning(std::string("UDP discovery: ") + e.what());
        }
    }
}

std::string Discovery::answer(const std::string& probe, const std::string& localAddress) {
    Poco::JSON::Object::Ptr request;
    try {
        const auto value = Poco::JSON::Parser().parse(probe);
        if (value.type() == typeid(Poco::JSON::Object::Ptr)) request = value.extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
    }
    if (!request) return {};  // not a probe of this protocol: no answer to stray broadcasts
    const auto asked = request->getObject("msg");
    const std::string uuid = textField(asked ? asked : request, "uuid");
    if (!uuid.empty()) {
        std::lock_guard lock(s_.writes);
        const auto found = s_.docs.list("devices", [&](const auto& d) { return textField(d, "uuid") == uuid; });
        if (found.empty()) return Reply(code::kUdpUnmatched, {}, "no device " + uuid).json();
        auto msg = passway::json::ordered();
        msg->set("sn", textField(asked, "sn"));
        for (const auto& [key, value] : *found.front()) {
            if (key != "passway_device_id") msg->set(key, value);
        }
        return Reply(code::kUdpAvailable, msg).json();
    }
    auto param = passway::json::ordered();
    param->set("ip", localAddress);
    param->set("http_port", httpPort_);
    param->set("udp_src_port", s_.config.udpSourcePort);
    param->set("mqtt_url", s_.config.mqttUrl);
    auto msg = passway::json::ordered();
    msg->set("sn", textField(asked, "sn"));
    msg->set("category", "gw");
    msg->set("type", "passway");
    msg->set("uuid", "passway-" + s_.context.pluginId());
    msg->set("title", "Passway");
    msg->set("body", "on-premises server");
    msg->set("param", param);
    return Reply(code::kUdpAvailable, msg).json();
}

}  // namespace passway::zjchilink
