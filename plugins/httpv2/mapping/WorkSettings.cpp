#include "mapping/WorkSettings.h"

#include "wire/Digest.h"
#include "wire/JsonFields.h"

#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <sstream>

namespace passway::httpv2 {

namespace {

using Object = Poco::JSON::Object;

Object::Ptr ordered() { return new Object(Poco::JSON_PRESERVE_KEY_ORDER); }

std::string jsonText(const Poco::Dynamic::Var& value) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(value, out);
    return out.str();
}

bool sameValue(const Poco::Dynamic::Var& a, const Poco::Dynamic::Var& b) {
    const bool aNumber = a.isNumeric() || a.isString();
    const bool bNumber = b.isNumeric() || b.isString();
    if (aNumber && bNumber && (a.isNumeric() || b.isNumeric())) {
        try {
            const double x = a.convert<double>();
            const double y = b.convert<double>();
            return std::fabs(x - y) < 1e-6;
        } catch (const Poco::Exception&) {
            // Not both numbers: compared as JSON below.
        }
    }
    return jsonText(a) == jsonText(b);
}

} // namespace

bool isReadOnlySetting(std::string_view key) {
    // clockSkewS, clockCheckedAt: the server's reading of the terminal's
    // clock and when it was taken, kept in reported.
    static constexpr std::array<std::string_view, 18> kReadOnly{
        "AlarmStatus",      "BootTime",         "DoorSensorStatus", "FaceVerson",     "FingerprintVerson",
        "FirmwareVerson",   "FormatCount",      "FunctionList",     "KeepOpenStatus", "LockDoorStatus",
        "PeopleStorageInfo", "RecordStorageInfo", "RelayStatus",    "RunDays",        "WatchDogCount",
        "Success",          "clockSkewS",       "clockCheckedAt"};
    return std::find(kReadOnly.begin(), kReadOnly.end(), key) != kReadOnly.end();
}

Object::Ptr mergeReported(const Object::Ptr& reported, const Object::Ptr& uploaded) {
    auto merged = ordered();
    if (reported) {
        for (const auto& key : reported->getNames()) merged->set(key, reported->get(key));
    }
    if (uploaded) {
        for (const auto& key : uploaded->getNames()) merged->set(key, uploaded->get(key));
    }
    return merged;
}

Object::Ptr downloadSettings(const Object::Ptr& reported, const Object::Ptr& desired, const std::string& serial,
                             DownloadMode mode, std::optional<std::int64_t> systemTime) {
    auto answer = ordered();
    answer->set("Success", 1);
    answer->set("DeviceSN", serial);
    auto copy = [&](const Object::Ptr& from) {
        if (!from) return;
        for (const auto& key : from->getNames()) {
            if (isReadOnlySetting(key) || key == "DeviceSN" || key == "SN" || key == "SystemTime") continue;
            answer->set(key, from->get(key));
        }
    };
    if (mode == DownloadMode::Merged) copy(reported);
    copy(desired);
    if (systemTime) answer->set("SystemTime", static_cast<Poco::Int64>(*systemTime));
    return answer;
}

bool desiredSatisfied(const Object::Ptr& reported, const Object::Ptr& desired) {
    if (!desired || desired->size() == 0) return true;
    if (!reported) return false;
    for (const auto& [key, value] : *desired) {
        if (isReadOnlySetting(key) || key == "SystemTime") continue;
        if (!reported->has(key) || !sameValue(reported->get(key), value)) return false;
    }
    return true;
}

std::string settingsDigest(const Object::Ptr& desired) {
    if (!desired) return md5Upper("{}");
    // Sorted members (an unordered copy), so the digest does not depend on key order.
    Object sorted;
    for (const auto& [key, value] : *desired) sorted.set(key, value);
    std::ostringstream out;
    sorted.stringify(out);
    return md5Upper(out.str());
}

int keepaliveSeconds(const Object::Ptr& reported, int fallback) {
    const JsonFields f(reported);
    auto seconds = f.integer("HTTPClient_KeepaliveTime");
    if (!seconds || *seconds <= 0) seconds = f.integer("KeepaliveTime");
    if (!seconds || *seconds <= 0) return fallback;
    return static_cast<int>(std::clamp<std::int64_t>(*seconds, 5, 3600));
}

std::optional<int> timeZoneMinutes(const Object::Ptr& reported) {
    const auto zone = JsonFields(reported).number("TimeZone");
    if (!zone) return std::nullopt;
    if (std::fabs(*zone) <= 14) return static_cast<int>(std::lround(*zone * 60));
    if (std::fabs(*zone) <= 840) return static_cast<int>(std::lround(*zone));
    return std::nullopt;
}

bool hasWorkSettings(const Object::Ptr& reported) {
    if (!reported) return false;
    for (const char* key : {"FirmwareVerson", "HTTPClient_KeepaliveTime", "KeepaliveTime", "DeviceSN", "TimeZone"}) {
        if (reported->has(key)) return true;
    }
    return false;
}

} // namespace passway::httpv2
