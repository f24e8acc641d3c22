#pragma once

// The work settings a terminal uploads (/Device/UploadWorkSetting): the
// document's example object, with this terminal's SN, clock and server.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

namespace passway::sim::httpv2 {

struct WorkSettings {
    // The document's example (its duplicate "DeviceSN" key once; its
    // "AlarmStatus": "\"\"" kept as real terminals send it), with DeviceSN,
    // SystemTime, BootTime, the server address and keepalive time filled in.
    static Poco::JSON::Object::Ptr defaults(const std::string& sn, const std::string& serverAddr, int keepaliveSeconds,
                                            std::int64_t now);

    // Keys a server may not set through DownloadWorkSetting (identity, clock, counters).
    static bool isReadOnly(const std::string& key);
};

}  // namespace passway::sim::httpv2
