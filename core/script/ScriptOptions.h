#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway {

class BlobStore;
class EventBus;
class EventJournal;
class FaceService;
class OutboxDispatcher;
class Store;

// The HTTP SMS gateway behind passway.sms.send (sms.* keys). {to} and {text}
// in `url` are replaced URL-encoded, in `body` JSON-escaped when the content
// type is JSON, else URL-encoded.
struct SmsGateway {
    std::string url;                        // empty: sms.send answers nil, "no SMS gateway configured"
    std::string method = "POST";
    std::string body = R"({"to":"{to}","text":"{text}"})";
    std::string contentType = "application/json";
    std::string headers = "{}";             // JSON object of extra headers (e.g. an API key)
};

struct ScriptOptions {
    std::string dir = "scripts";                         // *.lua here; modules for require in dir/lib
    std::size_t memoryBytes = 64 * 1024 * 1024;          // per script
    std::chrono::milliseconds deadline{200};             // per call
    int maxFailures = 5;                                 // in a row, then the script is disabled (failed)
    std::chrono::milliseconds reloadPoll{1000};          // how often the folder is checked for changes
    std::string exportDir = "var/export";                // passway.files.write puts files here
    std::size_t maxSourceBytes = 1024 * 1024;
    std::size_t recentErrors = 20;                       // kept per script for the admin API
    SmsGateway sms;
    // This host's id in a cluster (cluster.host_id), set by the host; "":
    // alone. Then admin edits are shared with the other hosts.
    std::string host;

    // scripts.*, sms.* keys with their defaults.
    static ScriptOptions read(const Poco::Util::AbstractConfiguration& config);
};

// The core services scripts reach through the passway API.
struct ScriptServices {
    Store& store;
    EventBus& bus;
    OutboxDispatcher* outbox = nullptr;                   // woken when a script queues a delivery
    Poco::Util::AbstractConfiguration* config = nullptr;  // script.<name>.* for passway.config.get
    FaceService* face = nullptr;                          // passway.face.*; null: available() is false
    BlobStore* blobs = nullptr;                           // passway.blobs.get
    EventJournal* journal = nullptr;                      // durable event delivery; null: bus subscriptions
    // Re-reads the page's settings under a prefix ("script.<name>.") from
    // the store: another host changed them. Null: nothing to re-read.
    std::function<void(const std::string& prefix)> reloadSettings;
};

} // namespace passway
