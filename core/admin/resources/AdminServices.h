#pragma once

#include "admin/AdminServer.h"
#include "passway/Events.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <mutex>
#include <string>

namespace passway {
class BlobStore;
class EventBus;
class FaceService;
class Metrics;
class ScriptHost;
class Store;
}

namespace passway::admin {

class PasswordHasher;
class TokenService;

// What the resources share: the core services and the server's options.
struct AdminServices {
    Store& store;
    BlobStore& blobs;
    EventBus& bus;
    Metrics& metrics;
    TokenService& tokens;
    const PasswordHasher& hasher;
    const AdminOptions& options;
    std::int64_t startedAt;  // unix milliseconds
    // Person writes through the API are read-modify-write (check existence or
    // version, apply, save); this makes each one step, whichever resource
    // (persons, photo, CSV import) does it.
    std::mutex personWrites;
    ScriptHost* scripts = nullptr;  // the Lua scripts; null: /api/v1/scripts is not served
    // The face service; null when the host has none (tests), else possibly
    // unavailable (no models), which the resources check with available().
    FaceService* face = nullptr;

    // Publishes a canonical event from the admin API. A bus that is shutting
    // down must not fail a write that is already committed, so errors are
    // logged, not thrown.
    void publish(const events::Outgoing& event) const;
};

} // namespace passway::admin
