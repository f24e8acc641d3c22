#pragma once

#include "passway/RecordIngest.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

namespace passway::henan {

// One attendance item of getServer/uploadAttendance `data`:
// {"userCode":1,"time":"2018-11-11 08:11:11 100","type":"face","pic":"<base64>","temperature":"36.5"}.
// `time` is the terminal's local time (yyyy-MM-dd HH:mm:ss SSS) at
// `utcOffsetMinutes`; `type` face | fingerprint | idcard; `temperature` 0
// (none) or 35-42; `pic` a base64 JPEG (MIME line breaks allowed), only for
// type=face. The record's deviceRecordId is "<userCode>|<time>": a terminal
// that sends the same punch again stores nothing new.
struct Attendance {
    // Throws std::invalid_argument naming the field.
    static IngestItem toItem(const Poco::JSON::Object& item, std::int64_t deviceId, int utcOffsetMinutes);

    // "yyyy-MM-dd HH:mm:ss SSS" (the millisecond part optional) -> unix ms.
    static std::int64_t parseTime(const std::string& text, int utcOffsetMinutes);
    static std::string formatTime(std::int64_t unixMs, int utcOffsetMinutes);

    static std::string verifyTypeOf(const std::string& type);  // face | fingerprint | card
    static std::string typeOf(const std::string& verifyType);  // the document's type for a canonical one
};

// A scalar JSON field as text ("userCode": 1 and "userCode": "1" alike);
// keys with stray spaces (" temperature") are found too.
std::string fieldText(const Poco::JSON::Object& object, const std::string& name);
// Base64 (MIME line breaks allowed) -> bytes; empty when it is not base64.
std::string decodeBase64(const std::string& text);

}  // namespace passway::henan
