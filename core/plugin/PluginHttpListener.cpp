#include "plugin/PluginHttpListener.h"

#include "plugin/CallbackGuard.h"
#include "plugin/PluginCounters.h"
#include "util/Metrics.h"

#include <algorithm>

namespace passway {

// Keeps a failing plugin handler's exception in the plugin's log; the
// server answers 500 for it.
// Each request and each answer of 400 or more are counted for the plugin
// (passway_plugin_requests_total, passway_plugin_errors_total; the Plugins
// screen shows them).
class PluginHttpListener::GuardedHandler final : public net::HttpHandler {
public:
    GuardedHandler(std::shared_ptr<net::HttpHandler> inner, Poco::Logger& logger, PluginCounters counters)
        : inner_(std::move(inner)), guard_(logger, "HTTP request"), counters_(counters) {}

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
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> plain) override {
        if (counters_.requests) ++*counters_.requests;
        std::shared_ptr<net::HttpResponder> responder =
            counters_.errors ? std::make_shared<CountingResponder>(std::move(plain), *counters_.errors) : std::move(plain);
        const bool ok = guard_.run([&] { inner_->handle(request, responder); }, request.method + " " + request.target);
        if (!ok) {
            net::HttpResponse failure = net::HttpResponse::text(500, "internal error\n");
            failure.close = true;
            responder->send(std::move(failure));  // ignored when the handler had answered
        }
    }

private:
    class CountingResponder final : public net::HttpResponder {
    public:
        CountingResponder(std::shared_ptr<net::HttpResponder> inner, Metrics::Counter& errors)
            : inner_(std::move(inner)), errors_(errors) {}
        void send(net::HttpResponse response) override {
            if (response.status >= 400) ++errors_;
            inner_->send(std::move(response));
        }
        std::shared_ptr<net::HttpStream> stream(net::HttpResponse head) override {
            if (head.status >= 400) ++errors_;
            return inner_->stream(std::move(head));
        }

    private:
        std::shared_ptr<net::HttpResponder> inner_;
        Metrics::Counter& errors_;
    };

    std::shared_ptr<net::HttpHandler> inner_;
    CallbackGuard guard_;
    PluginCounters counters_;
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
    const PluginCounters counters = options.metrics ? PluginCounters::of(*options.metrics, pluginId) : PluginCounters{};
    server_ = std::make_unique<net::HttpServer>(std::move(options),
                                                std::make_shared<GuardedHandler>(std::move(handler), logger, counters));
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
