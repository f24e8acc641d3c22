#include "mapping/AccessRecord.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timestamp.h>

#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cctype>
#include <sstream>
#include <vector>

namespace passway::tcpjson {

namespace {

constexpr std::size_t kMaxField = 128;

// Strings or numbers (terminals differ), bounded.
std::string text(const Poco::JSON::Object& o, const std::string& name) {
    if (!o.has(name) || o.isNull(name)) return {};
    const auto v = o.get(name);
    if (!v.isString() && !v.isNumeric()) throw AccessRecordError(name + ": must be a string or a number");
    std::string s = v.convert<std::string>();
    if (s.size() > kMaxField) throw AccessRecordError(name + ": longer than " + std::to_string(kMaxField) + " bytes");
    return s;
}

std::optional<int> code(const Poco::JSON::Object& o, const std::string& name) {
    const std::string s = text(o, name);
    if (s.empty()) return std::nullopt;
    try {
        std::size_t used = 0;
        const int value = std::stoi(s, &used);
        if (used == s.size()) return value;
    } catch (const std::exception&) {
    }
    throw AccessRecordError(name + ": not an integer");
}

// Every member of access_info as sent, by name: two strangers without a
// card in the same second differ in their id_number, role or community code
// (or whatever else the terminal adds); a retry repeats them all.
std::string identityOf(const Poco::JSON::Object& info) {
    std::vector<std::string> names;
    info.getNames(names);
    std::sort(names.begin(), names.end());
    std::string identity;
    for (const auto& name : names) {
        const auto value = info.get(name);
        std::string text;
        if (value.isEmpty()) {
            text = "null";
        } else if (value.isString() || value.isNumeric() || value.isBoolean()) {
            text = value.convert<std::string>();
        } else {
            std::ostringstream out;
            Poco::JSON::Stringifier::stringify(value, out);
            text = out.str();
        }
        identity += (identity.empty() ? "" : "|") + name + "=" + text;
    }
    return identity;
}

} // namespace

std::int64_t AccessRecord::parseTime(const std::string& t, int utcOffsetMinutes) {
    if (t.size() != 14) throw AccessRecordError("time: expected YYYYMMDDhhmmss, got '" + t + "'");
    for (char c : t) {
        if (!std::isdigit(static_cast<unsigned char>(c))) throw AccessRecordError("time: expected digits only");
    }
    const auto part = [&](std::size_t at, std::size_t n) { return std::stoi(t.substr(at, n)); };
    const int year = part(0, 4), month = part(4, 2), day = part(6, 2);
    const int hour = part(8, 2), minute = part(10, 2), second = part(12, 2);
    if (!Poco::DateTime::isValid(year, month, day, hour, minute, second)) {
        throw AccessRecordError("time: '" + t + "' is not a valid date and time");
    }
    const Poco::DateTime local(year, month, day, hour, minute, second);
    return local.timestamp().epochMicroseconds() / 1000 - static_cast<std::int64_t>(utcOffsetMinutes) * 60000;
}

std::string AccessRecord::formatTime(std::int64_t unixMs, int utcOffsetMinutes) {
    const Poco::Timestamp at((unixMs + static_cast<std::int64_t>(utcOffsetMinutes) * 60000) * 1000);
    return Poco::DateTimeFormatter::format(at, "%Y%m%d%H%M%S");
}

Record AccessRecord::fromAccessInfo(const Poco::JSON::Object& info, std::int64_t deviceId,
                                    const TcpjsonConfig& config, const std::string& rawJson) {
    Record r;
    r.deviceId = deviceId;
    const std::string time = text(info, "time");
    r.deviceTime = parseTime(time, config.utcOffsetMinutes);
    const std::string personId = text(info, "person_id");
    const std::string card = text(info, "card_number");
    if (!personId.empty()) {
        try {
            std::size_t used = 0;
            const unsigned long id = std::stoul(personId, &used);
            if (used == personId.size() && id > 0 && id <= 0xffffffffUL) r.userId = static_cast<std::uint32_t>(id);
        } catch (const std::exception&) {
            // A person id that is not one of Passway's numbers: kept in raw only.
        }
    }
    const auto openDoor = code(info, "open_door_type");
    const auto inOut = code(info, "in_out_type");
    if (openDoor) {
        const auto found = config.openDoorTypes.find(*openDoor);
        r.verifyType = found != config.openDoorTypes.end() ? found->second : "type" + std::to_string(*openDoor);
    }
    if (inOut) {
        const auto found = config.inOutTypes.find(*inOut);
        if (found != config.inOutTypes.end()) r.direction = found->second;
    }
    r.deviceRecordId = time + "-" + (personId.empty() ? "card:" + card : personId) + "-" +
                       (openDoor ? std::to_string(*openDoor) : "") + "-" + (inOut ? std::to_string(*inOut) : "");
    r.identity = identityOf(info);
    r.card = card;
    r.result = "pass";
    r.raw = rawJson;
    return r;
}

} // namespace passway::tcpjson
