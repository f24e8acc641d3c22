#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passway::httpv2 {

// Work settings ("设备工作参数"): what UploadWorkSetting reports, what
// DownloadWorkSetting answers, and the few facts the plugin reads from them.

// Members a terminal reports but cannot be told (status, counters, versions,
// storage): the upload example's members that the download example lacks.
bool isReadOnlySetting(std::string_view key);

// A terminal's work settings as the host keeps them (device.reported):
// the previous ones with the uploaded members written over them.
Poco::JSON::Object::Ptr mergeReported(const Poco::JSON::Object::Ptr& reported, const Poco::JSON::Object::Ptr& uploaded);

// What DownloadWorkSetting answers (plugin.httpv2.download_settings):
enum class DownloadMode {
    Merged,   // "所有可修改参数": the reported settable members with the desired ones over them
    Desired,  // only the desired members (for terminals that apply partial settings)
};

// The answer: Success 1, DeviceSN, then the settings. Read-only members are
// never sent; SystemTime only as `systemTime` (sync_time, or SystemTime in
// the desired settings), never the reported one, which is stale.
Poco::JSON::Object::Ptr downloadSettings(const Poco::JSON::Object::Ptr& reported, const Poco::JSON::Object::Ptr& desired,
                                         const std::string& serial, DownloadMode mode,
                                         std::optional<std::int64_t> systemTime);

// True when every desired member has that value in the reported settings
// (numbers and numeric strings compare as numbers).
bool desiredSatisfied(const Poco::JSON::Object::Ptr& reported, const Poco::JSON::Object::Ptr& desired);

// A short digest of the desired settings, to remember which were delivered.
std::string settingsDigest(const Poco::JSON::Object::Ptr& desired);

// The keepalive interval the terminal uses (HTTPClient_KeepaliveTime, else
// KeepaliveTime), clamped to 5..3600 s; `fallback` when it reported none.
int keepaliveSeconds(const Poco::JSON::Object::Ptr& reported, int fallback);

// The terminal's time zone in minutes east of UTC (TimeZone: hours, or
// minutes when over 14); nullopt when it reported none.
std::optional<int> timeZoneMinutes(const Poco::JSON::Object::Ptr& reported);

// Whether the host holds the terminal's work settings at all.
bool hasWorkSettings(const Poco::JSON::Object::Ptr& reported);

} // namespace passway::httpv2
