#pragma once

#include "commands/CommandLifetime.h"

#include <chrono>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway {

class AuthorizationHook;
class DeviceLeases;
class Leadership;
class BlobStore;
class EventBus;
class EventJournal;
class FaceService;
class Metrics;
class OutboxDispatcher;
class RecordIngest;
class Store;

// The core services the plugin host hands out (a narrow slice of each through
// PluginContext). All of them outlive the PluginManager.
struct HostServices {
    Store& store;
    BlobStore& blobs;
    RecordIngest& records;                      // the one group-committed record intake
    EventBus& bus;
    Metrics& metrics;
    Poco::Util::AbstractConfiguration& config;  // the whole application configuration
    std::string dataRoot;                       // plugins get <dataRoot>/plugins/<id>
    bool autoActivateDevices = false;           // devices.auto_activate
    AuthorizationHook* authorization = nullptr; // the scripts' on_authorize (null: none)
    FaceService* face = nullptr;                // the face service, may be unavailable; null: none
    // How long a stopping plugin's listeners wait for requests in flight (shutdown.grace_seconds).
    std::chrono::milliseconds stopGrace = std::chrono::seconds(5);
    EventJournal* journal = nullptr;            // durable subscriptions; null: none
    CommandLifetime commandLifetime;            // commands.ttl_s, commands.other_ttl_s
    DeviceLeases* leases = nullptr;             // a cluster's device leases; null: one host alone
    OutboxDispatcher* outbox = nullptr;         // woken when a plugin queues an SMS; null: the poll finds it
    // Whether this host leads its cluster: plugins' durable subscriptions run
    // on the leader only. Null: one host alone, which always leads.
    Leadership* leadership = nullptr;
};

} // namespace passway
