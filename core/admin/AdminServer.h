#pragma once

#include "admin/auth/LoginThrottleOptions.h"
#include "net/HttpServerOptions.h"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace passway {

class BlobStore;
class Clock;
class EventBus;
class FaceService;
class Maintenance;
class Metrics;
class PluginManager;
class RuntimeSettings;
class ScriptHost;
class Store;

namespace admin {
class Router;
}

// HTTPS on the admin port (the http.tls.* keys).
struct AdminTlsOptions {
    bool enabled = false;
    std::string certificate;   // PEM, the chain
    std::string privateKey;    // PEM
    // When neither file exists at start, create a self-signed pair there
    // (net/SelfSignedCertificate.h); set when the site named no files.
    bool generate = false;
};

struct AdminOptions {
    std::string address = "0.0.0.0";
    std::uint16_t port = 8080;                       // 0 = any free port (tests)
    std::string wwwDir;                              // static files of the admin page; empty: none
    int maxThreads = 16;                             // handler threads (http.threads)
    int maxQueued = 256;                             // requests waiting for one; beyond, 503 (http.queue)
    int idleTimeoutSeconds = 30;                     // idle keep-alive connections close after this (http.idle_timeout_s)
    net::HttpServerOptions net;                      // the net.* limits; address, port, threads come from above
    AdminTlsOptions tls;                             // http.tls.*
    int tokenTtlSeconds = 43200;
    admin::LoginThrottleOptions loginThrottle;       // the auth.throttle.* keys
    const Clock* clock = nullptr;                    // the login throttle's time; null: the system clock (tests inject one)
    Maintenance* maintenance = nullptr;              // backups and retention; null: /api/v1/backups answers 503
    std::size_t maxBodyBytes = 16 * 1024 * 1024;     // any request body
    std::size_t maxPhotoBytes = 2 * 1024 * 1024;     // an uploaded person photo
    std::size_t maxFileBytes = 128 * 1024 * 1024;    // an uploaded file for terminals (firmware)
    int maxEventStreams = 0;                         // live event streams at once; 0: half of maxThreads
    std::size_t eventQueuePerStream = 256;           // events a slow stream may fall behind before it loses some
    int eventHeartbeatMs = 15000;                    // idle streams get a comment line this often
    // The effective configuration (key, value), shown by GET /api/v1/settings
    // with secrets masked there.
    std::vector<std::pair<std::string, std::string>> settings;
    // The Plugins screen and the page's settings (issue 20a); null: those
    // routes are not served (tests of other resources).
    PluginManager* plugins = nullptr;
    std::string pluginDir;                           // plugins.dir
    RuntimeSettings* runtimeSettings = nullptr;
};

// The admin page, the REST API under /api/v1 and /metrics on one HTTP port,
// served by the host's event-driven server (net/HttpServer.h).
// Every request goes to one Router, which authenticates and authorizes once
// for all routes (see admin/http/Router.h).
//
// /metrics answers without a token so Prometheus can scrape it; it shows
// counts only, no names or ids. Bind http.address to an internal interface
// (or firewall the port) where that matters.
class AdminServer {
public:
    // `face` may be null: photo uploads are then stored unchecked and /api/v1/face/* answer 503.
    AdminServer(Store& store, BlobStore& blobs, EventBus& bus, Metrics& metrics, AdminOptions options,
                ScriptHost* scripts = nullptr, FaceService* face = nullptr);
    ~AdminServer();  // stops if still running
    AdminServer(const AdminServer&) = delete;
    AdminServer& operator=(const AdminServer&) = delete;

    // Binds and starts serving; throws if the address cannot be bound.
    void start();
    // Stops accepting, lets requests in flight finish, closes idle
    // keep-alive connections. Safe to call twice.
    void stop();
    // The bound port once started (the real one when options.port was 0).
    std::uint16_t port() const;
    // The route table, to list the API or check properties of every route (tests).
    const admin::Router& router() const;

private:
    class Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace passway
