#pragma once

#include "passway/model/Record.h"
#include "wire/JsonFields.h"

#include <initializer_list>

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

namespace passway::httpv2 {

// A RecordDetail (UploadIdentifyRecord, RequestAuthorization) read into a
// canonical Record, plus what the Record has no field for.
struct RecordDetail {
    Record record;
    int recordType = 0;
    std::optional<std::string> cardNum;  // "0" and "" are none
    std::optional<std::string> qrCode;
    std::string name;                    // the name the terminal showed
    std::int64_t photoLen = 0;           // PhotoLen, as declared
};

// RecordType 25 (免验证开门): UserID is the card swiped, not a person.
constexpr int kFreeOpenRecordType = 25;

// The identity of a record beside its RecordID (Record::identity): the named
// fields as sent, "Name=value|...". Terminals number records from 1 again
// after ClearRecord, Recover, a format or a RecordAutoCycle wrap; a retry
// repeats these fields, a new record reusing the number does not.
std::string recordIdentity(const JsonFields& fields, std::initializer_list<const char*> names);

// deviceRecordId = RecordID; identity = RecordDate, RecordType, UserID,
// CardNum, QRCode, IsEntry as sent; deviceTime = RecordDate (unix seconds; a
// 13-digit millisecond stamp is taken as such), `nowMs` when absent;
// userId = UserID when 1..4294967295 (RecordType 25: none; its UserID is
// the card); card = CardNum (RecordType 25: UserID when CardNum is 0); direction = IsEntry (1 in, 0 out);
// temperature = BodyTemp / 10 (a value already in degrees is kept);
// verifyType/result/reason from RecordType (mapping/RecordTypes.h);
// raw = `raw`. Throws ProtocolError 400 when there is no RecordID.
RecordDetail readRecordDetail(const Poco::JSON::Object::Ptr& detail, const std::string& raw, std::int64_t nowMs);

} // namespace passway::httpv2
