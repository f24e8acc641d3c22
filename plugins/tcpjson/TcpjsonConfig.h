#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace passway::tcpjson {

// plugin.tcpjson.* (README.md describes each key).
struct TcpjsonConfig {
    std::string address = "0.0.0.0";
    std::uint16_t port = 49003;
    int backlog = 1024;
    std::size_t maxConnections = 20000;
    std::size_t maxObjectBytes = 1u << 20;
    std::int64_t webSocketGraceMs = 300;       // silence after which a new connection speaks the raw stream
    std::int64_t requestTimeoutMs = 10000;     // wait for the answer of one request
    int commandAttempts = 3;                   // sends of one command before it fails
    std::int64_t retryDelayMs = 5000;          // before a push that got no answer goes out again
    int heartbeatSeconds = 30;                 // get_device_info after this much silence
    int heartbeatMisses = 2;                   // unanswered heartbeats before the connection counts as dead
    int lastSeenPersistSeconds = 120;
    int workers = 4;
    int earlyObjects = 64;                     // terminal requests held until it is identified
    bool editWithUpdatePerson = true;          // edits as update_person (SDK) instead of download_person again
    int maxClockSkewSeconds = 30;              // a terminal clock further off: device.clock_skew, set_device_time; 0: never
    int utcOffsetMinutes = 0;                  // terminals' local time (access time, set_device_time)
    int openDoorCommandType = 1;               // send_device_command command_type of open_door
    int restartCommandType = 2;                // ... of restart
    std::map<std::string, int> roles{{"normal", 0}, {"admin", 1}, {"blacklist", 2}};
    std::map<int, std::string> openDoorTypes{{1, "face"},  {2, "card"},    {3, "password"}, {4, "qrcode"},
                                             {5, "fingerprint"}, {6, "iris"}, {7, "remote"}, {8, "idcard"}};
    std::map<int, std::string> inOutTypes{{1, "in"}, {2, "out"}};
    std::vector<std::string> allowedOrigins;   // browsers' Origins a WebSocket upgrade may carry ("*": any)

    // Throws std::invalid_argument naming the key.
    static TcpjsonConfig read(const Poco::Util::AbstractConfiguration& config);
    static int hostUtcOffsetMinutes();
};

} // namespace passway::tcpjson
