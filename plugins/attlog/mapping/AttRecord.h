#pragma once

#include "passway/model/Record.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>

namespace passway::attlog {

// One ZK attendance record ({"PIN", "TIME", "STATUS", "VERIFY", "WORKCODE",
// "RESERVED1", "RESERVED2"}) as a canonical Record. README.md ("Records")
// gives each field's mapping and its source.
struct AttRecord {
    // Throws std::invalid_argument naming the field it cannot take.
    static Record toRecord(const Poco::JSON::Object& zk, std::int64_t deviceId, int utcOffsetMinutes);

    // The record's identity for idempotence: (PIN, TIME, STATUS, VERIFY) of
    // one device, so a bridge that sends a record again stores nothing new.
    static std::string identity(const std::string& pin, const std::string& time, std::int64_t status,
                                std::int64_t verify);

    // ZK STATUS (punch state): 0 check-in, 1 check-out, 4 overtime-in,
    // 5 overtime-out; anything else (2/3 breaks, 255 undefined) has no direction.
    static std::string direction(std::int64_t status);
    // ZK VERIFY (verification mode) -> canonical verify type; "" when unknown.
    static std::string verifyType(std::int64_t verify);
};

}  // namespace passway::attlog
