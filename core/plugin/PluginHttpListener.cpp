#include "plugin/PluginHttpListener.h"

#include "plugin/CallbackGuard.h"
#include "plugin/ListenerSocket.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Timespan.h>

#include <algorithm>
#include <thread>

namespace passway {

// Wraps the plugin's handler: counts it as in flight from creation until its
// destruction (both plugin code), and keeps a failing handler's exception in
// the plugin's log with a 500 for the client.
class PluginHttpListener::CountingHandler final : public Poco::Net::HTTPRequestHandler {
public:
    CountingHandler(Poco::Net::HTTPRequestHandler* inner, std::shared_ptr<std::atomic<int>> inFlight,
                    std::shared_ptr<CallbackGuard> guard)
        : inner_(inner), inFlight_(std::move(inFlight)), guard_(std::move(guard)) {}

    ~CountingHandler() override {
        inner_.reset();
        --*inFlight_;
    }

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        const bool ok = guard_->run([&] { inner_->handleRequest(request, response); },
                                    request.getMethod() + " " + request.getURI());
        if (!ok && !response.sent()) {
            response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_INTERNAL_SERVER_ERROR);
            response.setContentLength(0);
            response.send();
        }
    }

private:
    std::unique_ptr<Poco::Net::HTTPRequestHandler> inner_;
    std::shared_ptr<std::atomic<int>> inFlight_;
    std::shared_ptr<CallbackGuard> guard_;
};

class PluginHttpListener::CountingFactory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    CountingFactory(Poco::Net::HTTPRequestHandlerFactory::Ptr inner, std::shared_ptr<std::atomic<int>> inFlight,
                    std::shared_ptr<CallbackGuard> guard)
        : inner_(std::move(inner)), inFlight_(std::move(inFlight)), guard_(std::move(guard)) {}

    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override {
        ++*inFlight_;
        Poco::Net::HTTPRequestHandler* inner = nullptr;
        // A throwing factory is treated like one that has no handler (501).
        guard_->run([&] { inner = inner_->createRequestHandler(request); },
                    "handler for " + request.getMethod() + " " + request.getURI());
        if (!inner) {
            --*inFlight_;
            return nullptr;
        }
        return new CountingHandler(inner, inFlight_, guard_);
    }

private:
    Poco::Net::HTTPRequestHandlerFactory::Ptr inner_;
    std::shared_ptr<std::atomic<int>> inFlight_;
    std::shared_ptr<CallbackGuard> guard_;
};

PluginHttpListener::PluginHttpListener(const std::string& pluginId, const ListenerSpec& spec,
                                       Poco::Net::HTTPRequestHandlerFactory::Ptr factory, Poco::Logger& logger)
    : guard_(std::make_shared<CallbackGuard>(logger, "HTTP request")),
      pool_("plugin." + pluginId + ".http", 1, std::max(1, spec.maxThreads)) {
    Poco::Net::ServerSocket socket = openListenerSocket(spec);
    port_ = socket.address().port();
    description_ = std::string(spec.tls ? "https " : "http ") + spec.address + ":" + std::to_string(port_);

    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(std::max(1, spec.maxThreads));
    params->setMaxQueued(std::max(1, spec.maxQueued));
    if (spec.idleTimeoutSeconds > 0) {
        params->setTimeout(Poco::Timespan(spec.idleTimeoutSeconds, 0));
        params->setKeepAliveTimeout(Poco::Timespan(spec.idleTimeoutSeconds, 0));
    }
    params->setServerName("passway");
    server_ = std::make_unique<Poco::Net::HTTPServer>(new CountingFactory(std::move(factory), inFlight_, guard_),
                                                      pool_, socket, params);
    server_->start();
}

PluginHttpListener::~PluginHttpListener() {
    try {
        stop(std::chrono::seconds(5));
    } catch (...) {
        // A destructor must not throw; stop() only fails if Poco itself does.
    }
}

void PluginHttpListener::stop(std::chrono::milliseconds grace) {
    if (!server_) return;
    // No new connections; open ones close after the request they are serving.
    server_->stopAll(false);
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (inFlight_->load() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Idle keep-alive connections (and requests over their grace) are cut.
    server_->stopAll(true);
    // Every connection thread is back in the pool: no plugin code runs here any more.
    pool_.joinAll();
    server_.reset();
}

} // namespace passway
