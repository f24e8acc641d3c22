#pragma once

#include <Poco/Util/AbstractConfiguration.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <regex>
#include <string>

namespace passway::attlog {

// When the users of an Update User Infor answer count as applied
// (plugin.attlog.user_confirmation; README.md, "Confirmation").
enum class UserConfirmation {
    NextRequest,    // the bridge's next Update User Infor for that SN
    TimestampEcho,  // only a next request that carries the answer's timeStamp
};

// The endpoints; each has a configurable path (plugin.attlog.path.<name>).
struct AttlogPaths {
    std::string newLog = "/attlog/new";
    std::string syncLog = "/attlog/sync";
    std::string users = "/attlog/users";
    std::string errorLog = "/attlog/errorlog";
    std::string command = "/attlog/command";
};

// plugin.attlog.* (README.md lists each key with its default). Read once at
// start; a bad value refuses the start with a message naming the key.
struct AttlogConfig {
    std::string address = "0.0.0.0";
    std::uint16_t port = 9004;
    bool tls = false;
    std::string tlsCertificate;
    std::string tlsPrivateKey;
    std::string tlsCa;
    int maxThreads = 16;
    int maxQueued = 256;
    int idleTimeoutSeconds = 60;

    AttlogPaths paths;
    std::map<std::string, std::string> tokens;  // token -> bridge name (plugin.attlog.token.<bridge>)

    std::size_t maxBodyBytes = 4u << 20;
    int maxRecords = 5000;        // records of one Sync AttLog
    int maxUsersPerAnswer = 200;  // update_users + dele_users of one answer
    std::string serialPatternText = "^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$";
    std::regex serialPattern;
    int utcOffsetMinutes = 0;  // bridges' TIME is local time at this offset
    UserConfirmation userConfirmation = UserConfirmation::NextRequest;
    std::string defaultGroup = "1";                    // Grp of persons with no numeric access group
    std::string defaultTimeZone = "0000000000000000";  // TZ of persons with no time group
    int offlineAfterSeconds = 600;                     // a bridge silent this long is offline
    int lastSeenPersistSeconds = 120;

    // Throws std::invalid_argument naming the bad key.
    static AttlogConfig read(const Poco::Util::AbstractConfiguration& config);
    // The host's own UTC offset now (the default of utc_offset_minutes).
    static int hostUtcOffsetMinutes();
};

}  // namespace passway::attlog
