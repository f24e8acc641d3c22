#include "plugin/PluginHttpListener.h"

#include "plugin/CallbackGuard.h"

#include <algorithm>

namespace passway {

// Keeps a failing plugin handler's exception in the plugin's log; the
// server answers 500 for it.
class PluginHttpListener::GuardedHandler final : public net::HttpHandler {
public:
    GuardedHandler(std::shared_ptr<net::HttpHandler> inner, Poco::Logger& logger)
        : inner_(std::move(inner)), guard_(logger, "HTTP request") {}

    net::BodyPlan planBody(const net::HttpRequest& head) override {
        net::BodyPlan plan;
        if (!guard_.run([&] { plan = inner_->planBody(head); }, "body plan for " + head.method + " " + head.target))
            plan.refusal = net::HttpResponse::text(500, "internal error\n");
        return plan;
    }
    net::HttpResponse tooLarge(const net::HttpRequest& head) override {
        net::HttpResponse response = net::HttpResponse::text(413, "request body too large\n");
        guard_.run([&] { response = inner_->tooLarge(head); }, "413 for " + head.method + " " + head.target);
        return response;
    }
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) override {
        const bool ok = guard_.run([&] { inner_->handle(request, responder); }, request.method + " " + request.target);
        if (!ok) {
            net::HttpResponse failure = net::HttpResponse::text(500, "internal error\n");
            failure.close = true;
            responder->send(std::move(failure));  // ignored when the handler had answered
        }
    }

private:
    std::shared_ptr<net::HttpHandler> inner_;
    CallbackGuard guard_;
};

PluginHttpListener::PluginHttpListener(const std::string& pluginId, const ListenerSpec& spec,
                                       std::shared_ptr<net::HttpHandler> handler, Poco::Logger& logger,
                                       net::HttpServerOptions options) {
    options.name = "plugin." + pluginId;
    options.address = spec.address;
    options.port = spec.port;
    options.tls = spec.tls;
    options.certificateFile = spec.certificateFile;
    options.privateKeyFile = spec.privateKeyFile;
    options.caFile = spec.caFile;
    options.workers = std::max(1, spec.maxThreads);
    options.queue = static_cast<std::size_t>(std::max(1, spec.maxQueued));
    if (spec.idleTimeoutSeconds > 0) options.idleTimeout = std::chrono::seconds(spec.idleTimeoutSeconds);
    server_ = std::make_unique<net::HttpServer>(std::move(options),
                                                std::make_shared<GuardedHandler>(std::move(handler), logger));
}

PluginHttpListener::~PluginHttpListener() {
    try {
        stop(std::chrono::seconds(5));
    } catch (...) {
    }
}

void PluginHttpListener::stop(std::chrono::milliseconds grace) {
    if (server_) server_->stop(grace);
}

} // namespace passway
