#include "mapping/AttRecord.h"

#include "mapping/ZkFields.h"
#include "passway/JsonText.h"

#include <map>
#include <stdexcept>

namespace passway::attlog {

namespace {

constexpr std::size_t kMaxPin = 24;  // ZK user IDs are at most 24 characters (9 on old firmware)

bool printable(const std::string& text) {
    for (unsigned char c : text) {
        if (c < 0x21 || c > 0x7e) return false;
    }
    return true;
}

}  // namespace

std::string AttRecord::identity(const std::string& pin, const std::string& time, std::int64_t status,
                                std::int64_t verify) {
    return pin + "|" + time + "|" + std::to_string(status) + "|" + std::to_string(verify);
}

std::string AttRecord::direction(std::int64_t status) {
    switch (status) {
        case 0:
        case 4:
            return "in";
        case 1:
        case 5:
            return "out";
        default:
            return "";
    }
}

std::string AttRecord::verifyType(std::int64_t verify) {
    // ZKTeco's verification-mode table (PUSH protocol, attendance log
    // "verify" field). "/" modes (either one) say which factor matched,
    // "&" modes say all did.
    static const std::map<std::int64_t, std::string> table{
        {0, "password"},
        {1, "fingerprint"},
        {2, "card"},
        {3, "password"},
        {4, "card"},
        {5, "fingerprint"},
        {6, "fingerprint"},
        {7, "password"},
        {8, "fingerprint"},
        {9, "fingerprint+password"},
        {10, "fingerprint+card"},
        {11, "password+card"},
        {12, "fingerprint+password+card"},
        {13, "fingerprint+password"},
        {14, "fingerprint+card"},
        {15, "face"},
        {16, "face+fingerprint"},
        {17, "face+password"},
        {18, "face+card"},
        {19, "face+fingerprint+card"},
        {20, "face+fingerprint+password"},
        {21, "fingervein"},
        {22, "fingervein+password"},
        {23, "fingervein+card"},
        {24, "fingervein+password+card"},
        {25, "palm"},
        {26, "palm+card"},
        {27, "palm+face"},
        {28, "palm+fingerprint"},
        {29, "palm+fingerprint+face"},
    };
    const auto found = table.find(verify);
    return found == table.end() ? "" : found->second;
}

Record AttRecord::toRecord(const Poco::JSON::Object& zk, std::int64_t deviceId, int utcOffsetMinutes) {
    const auto pin = zkText(zk, "PIN");
    if (!pin || pin->empty() || pin->size() > kMaxPin || !printable(*pin)) {
        throw std::invalid_argument("record.PIN must be 1-" + std::to_string(kMaxPin) + " printable characters");
    }
    const auto time = zkText(zk, "TIME");
    const auto deviceTime = time ? parseZkTime(*time, utcOffsetMinutes) : std::nullopt;
    if (!deviceTime) throw std::invalid_argument("record.TIME must be \"YYYY-MM-DD hh:mm:ss\"");
    const auto status = zkInteger(zk, "STATUS");
    if (!status) throw std::invalid_argument("record.STATUS must be an integer");
    const auto verify = zkInteger(zk, "VERIFY");
    if (!verify) throw std::invalid_argument("record.VERIFY must be an integer");

    Record record;
    record.deviceId = deviceId;
    std::string normalizedTime = *time;
    normalizedTime[10] = ' ';
    record.deviceRecordId = identity(*pin, normalizedTime, *status, *verify);
    // PIN is the person's userId when it is one (ZK PINs may hold letters).
    bool numeric = pin->size() <= 10;
    std::uint64_t userId = 0;
    for (char c : *pin) {
        if (c < '0' || c > '9')
            numeric = false;
        else
            userId = userId * 10 + static_cast<std::uint64_t>(c - '0');
    }
    if (numeric && userId > 0 && userId <= 0xFFFFFFFFull) record.userId = static_cast<std::uint32_t>(userId);
    record.deviceTime = *deviceTime;
    record.direction = direction(*status);
    record.verifyType = verifyType(*verify);
    // WORKCODE, RESERVED1/2 and anything else the bridge sent stay in raw.
    Poco::JSON::Object::Ptr raw = new Poco::JSON::Object(zk);
    record.raw = json::text(raw);
    return record;
}

}  // namespace passway::attlog
