#pragma once

#include "mapping/CommandMapping.h"
#include "passway/services/PersonService.h"
#include "mapping/KeepaliveFlags.h"
#include "mapping/WorkSettings.h"
#include "wire/BodyReader.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <cstddef>
#include <cstdint>
#include <regex>
#include <string>

namespace passway::httpv2 {

// What the person buys with PushPeople (plugin.httpv2.push_people_policy):
// the host's intake policy (ignore, create_only, upsert).
using PushPeoplePolicy = PersonIntakePolicy;

// How DownloadPeopleList hands out photos (plugin.httpv2.photo_mode).
enum class PhotoMode { Url, Base64 };

// The plugin's configuration: the plugin.httpv2.* subtree, each key with its
// default (README.md lists them). Read once at start; bad values refuse the
// start with a message naming the key.
struct Httpv2Config {
    // Listener (ListenerSpec).
    std::string address = "0.0.0.0";
    std::uint16_t port = 9001;
    bool tls = false;
    std::string tlsCertificate;
    std::string tlsPrivateKey;
    std::string tlsCa;
    int maxThreads = 32;           // handler threads: an upload waiting for its group commit holds none
    int maxQueued = 2048;          // requests waiting for a handler thread; beyond, 503
    int idleTimeoutSeconds = 75;   // an idle keep-alive connection is closed after this (above the keepalive period)

    BodyLimits limits;             // max_body_bytes, max_inflated_bytes
    std::string serialPatternText = "^[A-Za-z0-9][A-Za-z0-9_.:-]{3,63}$";
    std::regex serialPattern;

    int defaultKeepaliveSeconds = 30;  // until a terminal reports its own
    int offlineAfterKeepalives = 3;
    int lastSeenPersistSeconds = 120;  // lastSeen written at most this often per device (besides online/offline)
    int sweepSeconds = 5;              // how often offline terminals and overdue commands are looked for

    PhotoMode photoMode = PhotoMode::Url;
    std::string publicUrl;             // base of file URLs; "" = the Host the terminal used
    PushPeoplePolicy pushPeoplePolicy = PushPeoplePolicy::CreateOnly;
    CommandMappingOptions commands;    // register_ticket_form
    FlagsMode flagsMode = FlagsMode::All;
    DownloadMode downloadMode = DownloadMode::Merged;
    bool templateMd5 = false;
    int noTimeGroup = 0;                   // Timegroup of a person without one (timegroup_none)
    bool serveFiles = true;
    // Photos are offered at most this big (JPEG); bigger ones or other
    // formats are re-encoded and scaled first (max_photo_bytes; the table
    // says 400 KB, error 3 says 500 KB).
    std::size_t maxPhotoBytes = 400 * 1024;
    // PeopleStorageInfo.Person.Current below this share of what the ledger
    // says the terminal holds means it was wiped: everyone is sent again.
    double wipeRatio = 0.5;

    int batchTimeoutSeconds = 120;         // a people batch without its Result is handed out again after this
    int commandResultTimeoutSeconds = 300; // snapshot / register ticket / settings commands fail after this
    int maxPeopleLimit = 1000;
    int defaultDownloadLimit = 100;
    int defaultDeleteLimit = 50;

    bool replyGzip = true;
    std::size_t replyGzipMinBytes = 1024;
    std::string authorizationGreeting = "{name}";
    int authorizationScriptMs = 1500;      // how long the scripts may take to decide (the terminal waits 2 s); 0: never ask
    bool lookupCardOwner = true;           // records without UserID: find the person by CardNum
    int maxClockSkewSeconds = 30;          // a terminal's SystemTime further off: device.clock_skew, time pushed; 0: never

    // Throws std::invalid_argument naming the bad key.
    static Httpv2Config read(const Poco::Util::AbstractConfiguration& config);
};

} // namespace passway::httpv2
