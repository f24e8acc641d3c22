#pragma once

#include "TcpjsonConfig.h"
#include "passway/model/Record.h"

#include <Poco/JSON/Object.h>

#include <stdexcept>
#include <string>

namespace passway::tcpjson {

// upload_access_info's access_info is not a record the protocol can take:
// answered with code -1 and the reason.
class AccessRecordError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

// access_info → canonical Record. The document gives records no id of their
// own, so the record's id on the device is made of what identifies the
// punch (time, person or card, open-door type, direction), and its identity
// (Record::identity) of every member of access_info: a terminal that sends
// the same record again is stored once, and two card-less strangers in the
// same second are two records as soon as anything else they carry differs.
class AccessRecord {
public:
    static Record fromAccessInfo(const Poco::JSON::Object& accessInfo, std::int64_t deviceId,
                                 const TcpjsonConfig& config, const std::string& rawJson);
    // "YYYYMMDDhhmmss" in the terminal's local time → unix ms. Throws AccessRecordError.
    static std::int64_t parseTime(const std::string& text, int utcOffsetMinutes);
    static std::string formatTime(std::int64_t unixMs, int utcOffsetMinutes);
};

} // namespace passway::tcpjson
