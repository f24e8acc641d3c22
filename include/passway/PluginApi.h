#pragma once

// The whole of what a plugin sees of the host. A plugin includes this header
// (and, where it needs them, the other headers of include/passway/, the SDK),
// implements passway::Plugin and declares itself with PASSWAY_PLUGIN(...).
// Plugin targets have include/ on their include path and nothing of core/:
// what is not in the SDK does not exist for a plugin.
//
// ABI rules:
//  - The host calls a plugin only through the five extern "C" functions that
//    PASSWAY_PLUGIN defines; each catches every exception, so none crosses the
//    library boundary. The host catches around every callback a plugin
//    registered (events, timers) for the same reason.
//  - passway_plugin_version() is called before anything else; a plugin whose
//    hostApiVersion differs from the host's is refused and never started.
//  - The interfaces below are C++ vtables: host and plugins must be built with
//    the same compiler and Poco. Any change to them bumps
//    PASSWAY_HOST_API_VERSION. Non-virtual functions a plugin calls (the
//    model's name conversions) resolve to passwayd's own, which exports them.
//  - Everything registered through PluginContext is removed by the host when
//    the plugin stops, before its library is unloaded.

#include "passway/Authorization.h"
#include "passway/DeliveryDeferred.h"
#include "passway/Event.h"
#include "passway/FaceService.h"
#include "passway/RecordIngest.h"
#include "passway/net/HttpHandler.h"
#include "passway/services/BlobService.h"
#include "passway/services/CommandService.h"
#include "passway/services/DeviceService.h"
#include "passway/services/KeyValueService.h"
#include "passway/services/PersonService.h"
#include "passway/services/SmsService.h"
#include "passway/services/SyncService.h"

#include <Poco/Logger.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>

#define PASSWAY_HOST_API_VERSION 4

namespace passway {

// Where and how a plugin listens. TLS uses the certificate and key files
// (PEM); the plugin usually fills these from its own `tls.*` config keys.
// HTTP listeners run on the host's event-driven server (net/HttpServer.h):
// connections cost no thread, and the host's `net.*` keys bound every
// connection (header and body deadlines, header size, connections per
// source); the fields below are what a plugin decides for its own port.
struct ListenerSpec {
    std::string address = "0.0.0.0";
    std::uint16_t port = 0;              // 0: any free port (tests)
    bool tls = false;
    std::string certificateFile;
    std::string privateKeyFile;
    std::string caFile;                  // non-empty: clients must present a certificate it signed
    int maxThreads = 16;                 // HTTP: handler threads; TCP: connection threads
    int maxQueued = 256;                 // HTTP: requests waiting for a handler thread (then 503); TCP: connections
    int idleTimeoutSeconds = 60;         // an idle keep-alive connection is closed after this
};

class PluginContext {
public:
    using EventHandler = std::function<void(const Event&)>;
    using Task = std::function<void()>;

    virtual ~PluginContext() = default;

    virtual const std::string& pluginId() const = 0;
    virtual Poco::Logger& logger() = 0;                          // named "plugin.<id>"
    virtual Poco::Util::AbstractConfiguration& config() = 0;     // the plugin.<id> subtree
    virtual std::string dataDirectory() = 0;                     // exists, belongs to this plugin

    // Core services, each narrow and owning its rules (API 3; see the SDK
    // headers in passway/services/). There is no way to the store as a
    // whole: no admin users, audit log, outbox or host secrets.
    virtual DeviceService& devices() = 0;                        // register, contact, reported state, alarms
    virtual PersonService& persons() = 0;                        // read; intake of what terminals report
    virtual SyncService& sync() = 0;                             // who each device should hold
    virtual CommandService& commands() = 0;                      // commands for the plugin's devices
    virtual BlobService& blobs() = 0;                            // photos, templates, files
    virtual KeyValueService& kv() = 0;                           // plugin.<id>.* values
    virtual RecordIngest& records() = 0;                         // durable, group-committed record intake
    // Detect, check, embed, verify, identify (since API 2). Null when the
    // host has no face service; check available() before use (no models
    // installed). Calls block the caller while a face worker runs them and
    // throw FaceError (Busy when the queue is full): call it from your own
    // request threads, not from timers.
    virtual FaceService* face() = 0;

    // Events; the source of published events is the plugin id.
    virtual void publish(const std::string& topic, const std::string& payloadJson) = 0;
    virtual std::uint64_t subscribe(const std::string& pattern, EventHandler handler) = 0;
    virtual void unsubscribe(std::uint64_t subscription) = 0;
    // A durable subscription (since API 3), for what must see every event
    // (an uplink to a platform): the events matching `pattern` from the event
    // journal, read from this subscription's own cursor, kept in the store as
    // "plugin:<id>:<name>" (a restart continues where it stopped; a new name
    // starts at the newest event), at least once and in order, on a thread of
    // its own. The cursor moves once the handler returned; an exception is a
    // failure: the event is tried again, then dead-lettered. A handler that
    // throws DeliveryDeferred (passway/DeliveryDeferred.h) is asked again
    // after its delay, without limit and never dead-lettered: an outage of
    // what it delivers to. Ended by the host when the plugin stops. Throws
    // std::logic_error without a journal.
    virtual void subscribeDurable(const std::string& name, const std::string& pattern, EventHandler handler) = 0;

    // Listeners; return the bound port. Throw on failure (port in use, bad certificate).
    // HTTP (since API 3): `handler` gets each parsed request with its body
    // read within the limit it chose (net/HttpHandler.h) on a handler
    // thread, and answers through its responder now or later.
    virtual std::uint16_t listenHttp(const ListenerSpec& spec, std::shared_ptr<net::HttpHandler> handler) = 0;
    virtual std::uint16_t listenTcp(const ListenerSpec& spec, Poco::Net::TCPServerConnectionFactory::Ptr factory) = 0;

    // Timers run on the host's timer thread; keep tasks short.
    virtual std::uint64_t every(std::chrono::milliseconds period, Task task) = 0;
    virtual std::uint64_t after(std::chrono::milliseconds delay, Task task) = 0;
    virtual void cancelTimer(std::uint64_t timer) = 0;

    // Online authorization (API version 2): asks the host's scripts
    // (passway.on_authorize) to decide within `deadline`. nullopt: no script
    // decided in time (none, failed, returned nil, or late); the plugin then
    // applies its own rules. Never throws.
    virtual std::optional<AuthorizationDecision> authorize(const AuthorizationRequest& request,
                                                           std::chrono::milliseconds deadline) = 0;

    // Text messages through the site's SMS gateway and the outbox (added
    // after API 4 at the end of the table, additively: services/SmsService.h).
    virtual SmsService& sms() = 0;

    // This host's role among the hosts that share one PostgreSQL store
    // (added after API 4 at the end of the table, additively). `handler` is
    // called at once with whether this host leads the cluster, then at each
    // change, one call at a time, on the host thread that changes it. What
    // must happen once in the cluster and is no durable subscription (those
    // run on the leader by themselves) runs while `leading`: a loop that
    // takes a platform's commands, say. One host alone (SQLite) always
    // leads: one call with true. Keep the handler short (set a flag, wake a
    // thread) and do not call onLeadership from it. Ended by the host when
    // the plugin stops.
    virtual void onLeadership(std::function<void(bool leading)> handler) = 0;
};

class Plugin {
public:
    virtual ~Plugin() = default;
    // Throw to refuse starting; the message is logged by the host.
    virtual void start(PluginContext& context) = 0;
    // Called after the host removed the plugin's listeners, timers and subscriptions.
    virtual void stop() = 0;
};

} // namespace passway

extern "C" {

struct PasswayPluginInfo {
    std::uint32_t structSize;       // sizeof(PasswayPluginInfo) the plugin was built with
    std::uint32_t hostApiVersion;   // PASSWAY_HOST_API_VERSION the plugin was built against
    const char* id;                 // [a-z0-9_]+, matches plugins.enabled and plugin.<id>.*
    const char* version;
    const char* description;
    void* reserved[4];              // for growth without breaking the version entry point
};

// Entry points, by name, as the host resolves them.
typedef const PasswayPluginInfo* (*PasswayPluginVersionFn)();
typedef void* (*PasswayPluginCreateFn)(char* error, std::size_t errorSize);
typedef int (*PasswayPluginStartFn)(void* plugin, passway::PluginContext* context, char* error, std::size_t errorSize);
typedef void (*PasswayPluginStopFn)(void* plugin);
typedef void (*PasswayPluginDestroyFn)(void* plugin);
}

#if defined(_WIN32)
#define PASSWAY_PLUGIN_EXPORT extern "C" __declspec(dllexport)
#else
#define PASSWAY_PLUGIN_EXPORT extern "C" __attribute__((visibility("default")))
#endif

// The API version a plugin declares; a test overrides it to prove refusal.
#ifndef PASSWAY_PLUGIN_DECLARED_API_VERSION
#define PASSWAY_PLUGIN_DECLARED_API_VERSION PASSWAY_HOST_API_VERSION
#endif

namespace passway::detail {
inline void copyError(char* out, std::size_t size, const char* message) {
    if (!out || size == 0) return;
    std::size_t i = 0;
    for (; message && message[i] && i + 1 < size; ++i) out[i] = message[i];
    out[i] = '\0';
}
} // namespace passway::detail

#define PASSWAY_PLUGIN(PluginClass, Id, Version, Description)                                          \
    PASSWAY_PLUGIN_EXPORT const PasswayPluginInfo* passway_plugin_version() noexcept {                  \
        static const PasswayPluginInfo info{sizeof(PasswayPluginInfo), PASSWAY_PLUGIN_DECLARED_API_VERSION, \
                                            Id, Version, Description, {nullptr, nullptr, nullptr, nullptr}}; \
        return &info;                                                                                   \
    }                                                                                                   \
    PASSWAY_PLUGIN_EXPORT void* passway_plugin_create(char* error, std::size_t errorSize) noexcept {    \
        try {                                                                                           \
            return static_cast<passway::Plugin*>(new PluginClass());                                    \
        } catch (const std::exception& e) {                                                            \
            passway::detail::copyError(error, errorSize, e.what());                                     \
        } catch (...) {                                                                                 \
            passway::detail::copyError(error, errorSize, "unknown exception in constructor");           \
        }                                                                                               \
        return nullptr;                                                                                 \
    }                                                                                                   \
    PASSWAY_PLUGIN_EXPORT int passway_plugin_start(void* plugin, passway::PluginContext* context,      \
                                                   char* error, std::size_t errorSize) noexcept {       \
        try {                                                                                           \
            static_cast<passway::Plugin*>(plugin)->start(*context);                                     \
            return 0;                                                                                   \
        } catch (const std::exception& e) {                                                             \
            passway::detail::copyError(error, errorSize, e.what());                                     \
        } catch (...) {                                                                                 \
            passway::detail::copyError(error, errorSize, "unknown exception in start");                 \
        }                                                                                               \
        return -1;                                                                                      \
    }                                                                                                   \
    PASSWAY_PLUGIN_EXPORT void passway_plugin_stop(void* plugin) noexcept {                             \
        try {                                                                                           \
            static_cast<passway::Plugin*>(plugin)->stop();                                              \
        } catch (...) {                                                                                 \
        }                                                                                               \
    }                                                                                                   \
    PASSWAY_PLUGIN_EXPORT void passway_plugin_destroy(void* plugin) noexcept {                          \
        try {                                                                                           \
            delete static_cast<passway::Plugin*>(plugin);                                               \
        } catch (...) {                                                                                 \
        }                                                                                               \
    }
