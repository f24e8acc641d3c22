#include "mapping/Attendance.h"

#include "passway/JsonText.h"

#include <Poco/Base64Decoder.h>
#include <Poco/String.h>

#include <cstdio>
#include <ctime>
#include <sstream>
#include <stdexcept>

namespace passway::henan {

namespace {

constexpr std::size_t kMaxUserCode = 32;

std::int64_t daysFromCivil(int y, unsigned m, unsigned d) {
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<std::int64_t>(era) * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

}  // namespace

std::string decodeBase64(const std::string& text) {
    try {
        std::istringstream in(text);
        Poco::Base64Decoder decoder(in);
        std::string out((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
        return out;
    } catch (const std::exception&) {
        return "";
    }
}

std::string fieldText(const Poco::JSON::Object& object, const std::string& name) {
    for (const auto& [key, value] : object) {
        if (Poco::trim(key) != name || value.isEmpty()) continue;
        if (value.isString() || value.isNumeric() || value.isBoolean()) return value.convert<std::string>();
        return "";
    }
    return "";
}

std::int64_t Attendance::parseTime(const std::string& text, int utcOffsetMinutes) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0, ms = 0;
    char tail = 0;
    const int n = std::sscanf(text.c_str(), "%4d-%2d-%2d %2d:%2d:%2d %3d%c", &y, &mo, &d, &h, &mi, &s, &ms, &tail);
    if ((n != 6 && n != 7) || y < 2000 || y > 2099 || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        s > 60 || ms < 0 || ms > 999 || h < 0 || mi < 0 || s < 0) {
        throw std::invalid_argument("time '" + text + "' is not yyyy-MM-dd HH:mm:ss SSS");
    }
    const std::int64_t days = daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
    const std::int64_t local = ((days * 24 + h) * 60 + mi) * 60 + s;
    return (local - static_cast<std::int64_t>(utcOffsetMinutes) * 60) * 1000 + (n == 7 ? ms : 0);
}

std::string Attendance::formatTime(std::int64_t unixMs, int utcOffsetMinutes) {
    const std::time_t local = static_cast<std::time_t>(unixMs / 1000 + static_cast<std::int64_t>(utcOffsetMinutes) * 60);
    std::tm t{};
    gmtime_r(&local, &t);
    char out[40];
    std::snprintf(out, sizeof out, "%04d-%02d-%02d %02d:%02d:%02d %03d", t.tm_year + 1900, t.tm_mon + 1, t.tm_mday,
                  t.tm_hour, t.tm_min, t.tm_sec, static_cast<int>(unixMs % 1000));
    return out;
}

std::string Attendance::verifyTypeOf(const std::string& type) {
    if (type == "face") return "face";
    if (type == "fingerprint") return "fingerprint";
    if (type == "idcard") return "card";  // id卡: the ID (proximity) card
    throw std::invalid_argument("type '" + type + "' is not face | fingerprint | idcard");
}

std::string Attendance::typeOf(const std::string& verifyType) {
    if (verifyType.find("face") != std::string::npos) return "face";
    if (verifyType.find("fingerprint") != std::string::npos) return "fingerprint";
    return "idcard";
}

IngestItem Attendance::toItem(const Poco::JSON::Object& item, std::int64_t deviceId, int utcOffsetMinutes) {
    const std::string userCode = fieldText(item, "userCode");
    const std::string time = fieldText(item, "time");
    const std::string type = fieldText(item, "type");
    if (userCode.empty() || time.empty() || type.empty()) throw std::invalid_argument("userCode, time or type is missing");
    if (userCode.size() > kMaxUserCode) throw std::invalid_argument("userCode is longer than 32 characters");
    IngestItem out;
    Record& r = out.record;
    r.deviceId = deviceId;
    r.deviceRecordId = userCode + "|" + time;
    r.deviceTime = parseTime(time, utcOffsetMinutes);
    r.verifyType = verifyTypeOf(type);
    try {
        std::size_t used = 0;
        const unsigned long id = std::stoul(userCode, &used);
        if (used == userCode.size() && id > 0 && id <= 0xffffffffUL) r.userId = static_cast<std::uint32_t>(id);
    } catch (const std::exception&) {
        // Not a number: a userCode Passway cannot name; the record keeps it in raw.
    }
    const std::string temperature = fieldText(item, "temperature");
    if (!temperature.empty()) {
        double value = 0;
        try {
            value = std::stod(temperature);
        } catch (const std::exception&) {
            throw std::invalid_argument("temperature '" + temperature + "' is not a number");
        }
        if (value != 0 && (value < 35 || value > 42)) {
            throw std::invalid_argument("temperature " + temperature + " is neither 0 nor 35-42");
        }
        if (value != 0) r.temperature = value;
    }
    const std::string pic = fieldText(item, "pic");
    if (type == "face" && !pic.empty()) {
        out.photo = decodeBase64(pic);
        if (out.photo.empty()) throw std::invalid_argument("pic is not base64");
    }
    auto raw = json::ordered();
    raw->set("userCode", userCode);
    raw->set("time", time);
    raw->set("type", type);
    raw->set("temperature", temperature);
    raw->set("picBytes", static_cast<Poco::UInt64>(out.photo.size()));
    r.raw = json::text(raw);
    return out;
}

}  // namespace passway::henan
