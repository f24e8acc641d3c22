#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace passway::henan {

// One virtual terminal Passway runs towards a supervision platform
// (plugin.henan.uplink.<name>.*).
struct UplinkConfig {
    std::string name;
    std::string url;       // the platform's base, e.g. http://platform:8080 (the paths are appended)
    std::string appid;
    std::string secret;    // never logged
    std::string sn;        // the serial the platform knows this site by
    std::string version = "v1";
    std::string persons = "upsert";  // what downloadUser does to the store: upsert | create_only | ignore
    int heartbeatSeconds = 0;        // 0: as the platform's timeInterval says
    int retrySeconds = 10;           // wait after a failed upload
    int timeoutSeconds = 10;
};

// plugin.henan.* (README.md lists each key with its default). Read once at
// start; a bad value refuses the start with a message naming the key.
struct HenanConfig {
    std::string address = "0.0.0.0";
    std::uint16_t port = 9002;
    bool tls = false;
    std::string tlsCertificate;
    std::string tlsPrivateKey;
    std::string tlsCa;
    int maxThreads = 16;
    int maxQueued = 256;
    int idleTimeoutSeconds = 60;
    std::size_t maxBodyBytes = 16u << 20;

    std::map<std::string, std::string> apps;  // appid -> secret (plugin.henan.app.<appid>.secret)
    bool devMode = false;                     // /device/createOperation
    bool serverTimeMillis = true;             // server_time_unit = ms | s
    int timeIntervalSeconds = 30;
    int attendanceIntervalSeconds = 30;
    std::string title;
    std::string topLogoUrl;
    std::string bottomLogoUrl;
    std::string publicUrl;      // base of picUrl; empty: from the request's Host
    int utcOffsetMinutes = 0;   // terminals' times are local at this offset
    int failCount = 3;          // hand-outs of one command before it fails
    int maxPersonsPerCommand = 50;
    int maxAttendance = 1000;   // records of one request
    std::uint64_t maxPhotoBytes = 400u * 1024;  // the document's limit for photos
    int repeatWindowMs = 3000;  // the same person again within this: one punch (the document's 3 s)
    int offlineAfterSeconds = 120;

    std::vector<UplinkConfig> uplinks;

    static HenanConfig read(const Poco::Util::AbstractConfiguration& config);
    static std::string masked(const std::string& secret);
};

}  // namespace passway::henan
