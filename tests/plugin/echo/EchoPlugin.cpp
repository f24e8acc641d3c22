// A plugin that exercises every part of PluginContext, for the plugin host
// tests. It reaches the host only through the SDK (include/passway), like a real plugin.
// Built several times from this one source (tests/plugin/CMakeLists.txt):
//   passway_test_echo        the plugin as is
//   passway_test_badversion  ECHO_PLUGIN_ID "test_badversion", declares host API 999
//   passway_test_failing     ECHO_PLUGIN_ID "test_failing", ECHO_FAIL_ON_START:
//                            registers a listener and a subscription, then throws
//
// Configuration (plugin.<id>.*): port, tcp_port (0: any), greeting, and
// tls.enabled / tls.certificate / tls.private_key for an HTTPS listener.
//
// HTTP:  GET /hello   {"id","greeting","kv"}   kv: what its plugin-scoped kv() holds under "auth.jwt_secret"
//        GET /events  {"count","topics"}  events received on "test.*"
//        GET /timers  {"ticks","fired"}   the periodic and the one-shot timer
//        GET /slow?ms=N                   answers after N ms (requests in flight at unload): publishes
//                                         "test.slow.entered" when it starts and writes "slow done" to
//                                         its data file just before answering
// TCP:   echoes each line it receives.
// Bus:   answers each "test.ping" with "test.pong" (same payload); throws on
//        "test.boom" to prove a failing handler is contained.

#include "passway/PluginApi.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/URI.h>

#include <atomic>
#include <fstream>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#ifndef ECHO_PLUGIN_ID
#define ECHO_PLUGIN_ID "test_echo"
#endif

namespace {

using namespace std::chrono_literals;

// What the handlers share with the plugin object. Handlers hold it by
// shared_ptr, so it lives as long as the last of them.
struct EchoState {
    passway::PluginContext* context = nullptr;
    std::string greeting;
    std::atomic<int> ticks{0};
    std::atomic<bool> fired{false};
    std::mutex mutex;
    std::vector<std::string> topics;
    std::string dataFile;
};

std::string quoted(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

class EchoRequestHandler : public passway::net::HttpHandler {
public:
    explicit EchoRequestHandler(std::shared_ptr<EchoState> state) : state_(std::move(state)) {}

    void handle(passway::net::HttpRequest& request, std::shared_ptr<passway::net::HttpResponder> responder) override {
        const Poco::URI uri(request.target);
        std::string body;
        int status = 200;
        if (uri.getPath() == "/hello") {
            body = "{\"id\":" + quoted(state_->context->pluginId()) + ",\"greeting\":" + quoted(state_->greeting) +
                   ",\"kv\":" + quoted(state_->context->kv().get("auth.jwt_secret").value_or("")) + "}";
        } else if (uri.getPath() == "/events") {
            std::lock_guard lock(state_->mutex);
            std::string topics;
            for (const auto& topic : state_->topics) topics += (topics.empty() ? "" : ",") + quoted(topic);
            body = "{\"count\":" + std::to_string(state_->topics.size()) + ",\"topics\":[" + topics + "]}";
        } else if (uri.getPath() == "/timers") {
            body = "{\"ticks\":" + std::to_string(state_->ticks.load()) +
                   ",\"fired\":" + (state_->fired.load() ? "true" : "false") + "}";
        } else if (uri.getPath() == "/slow") {
            int ms = 0;
            for (const auto& [key, value] : uri.getQueryParameters()) {
                if (key == "ms") ms = std::stoi(value);
            }
            state_->context->publish("test.slow.entered", "{}");  // so a test knows it is inside
            std::this_thread::sleep_for(std::chrono::milliseconds(ms));
            body = "{\"slept\":" + std::to_string(ms) + "}";
            std::ofstream(state_->dataFile, std::ios::app) << "slow done\n";
        } else {
            status = 404;
            body = "{}";
        }
        responder->send(passway::net::HttpResponse::text(status, body, "application/json"));
    }

private:
    std::shared_ptr<EchoState> state_;
};

// Echoes line by line until the peer (or the host, at unload) ends the stream.
class EchoConnection : public Poco::Net::TCPServerConnection {
public:
    using TCPServerConnection::TCPServerConnection;

    void run() override {
        std::string pending;
        char buffer[1024];
        for (;;) {
            const int n = socket().receiveBytes(buffer, sizeof buffer);
            if (n <= 0) return;
            pending.append(buffer, static_cast<std::size_t>(n));
            for (auto end = pending.find('\n'); end != std::string::npos; end = pending.find('\n')) {
                const std::string line = pending.substr(0, end + 1);
                socket().sendBytes(line.data(), static_cast<int>(line.size()));
                pending.erase(0, end + 1);
            }
        }
    }
};

class EchoConnectionFactory : public Poco::Net::TCPServerConnectionFactory {
public:
    Poco::Net::TCPServerConnection* createConnection(const Poco::Net::StreamSocket& socket) override {
        return new EchoConnection(socket);
    }
};

class EchoPlugin : public passway::Plugin {
public:
    void start(passway::PluginContext& context) override {
        context_ = &context;
        state_->context = &context;
        auto& config = context.config();
        state_->greeting = config.getString("greeting", "hello");

        passway::ListenerSpec http;
        http.address = config.getString("address", "127.0.0.1");
        http.port = static_cast<std::uint16_t>(config.getUInt("port", 0));
        http.tls = config.getBool("tls.enabled", false);
        http.certificateFile = config.getString("tls.certificate", "");
        http.privateKeyFile = config.getString("tls.private_key", "");
        http.maxThreads = 4;
        const auto httpPort = context.listenHttp(http, std::make_shared<EchoRequestHandler>(state_));

        auto state = state_;
        context.subscribe("test.*", [state](const passway::Event& event) {
            {
                std::lock_guard lock(state->mutex);
                state->topics.push_back(event.topic);
            }
            if (event.topic == "test.ping") state->context->publish("test.pong", event.payload);
            if (event.topic == "test.boom") throw std::runtime_error("boom on purpose");
        });

#ifdef ECHO_FAIL_ON_START
        context.publish("test.failing.listening", "{\"httpPort\":" + std::to_string(httpPort) + "}");
        throw std::runtime_error(std::string(ECHO_PLUGIN_ID) + " refuses to start on purpose");
#else
        (void)httpPort;
#endif

        passway::ListenerSpec tcp;
        tcp.address = http.address;
        tcp.port = static_cast<std::uint16_t>(config.getUInt("tcp_port", 0));
        tcp.maxThreads = 4;
        context.listenTcp(tcp, new EchoConnectionFactory);

        context.every(20ms, [state] { ++state->ticks; });
        context.after(10ms, [state] { state->fired = true; });
        context.every(1h, [] {});  // never runs: removed at unload like the others

        dataFile_ = context.dataDirectory() + "/echo.log";
        state_->dataFile = dataFile_;
        std::ofstream(dataFile_, std::ios::app) << "started " << context.pluginId() << "\n";
    }

    void stop() override {
        // Everything registered is gone by now; the data file is still ours.
        std::ofstream(dataFile_, std::ios::app) << "stopped " << context_->pluginId() << "\n";
    }

private:
    passway::PluginContext* context_ = nullptr;
    std::shared_ptr<EchoState> state_ = std::make_shared<EchoState>();
    std::string dataFile_;
};

} // namespace

PASSWAY_PLUGIN(EchoPlugin, ECHO_PLUGIN_ID, "1.2.0", "Echo plugin for the plugin host tests")
