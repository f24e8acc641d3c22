#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace passway {

// One punch/passage/identification reported by a terminal. Unique on
// (deviceId, deviceRecordId, identity): a terminal that retries never creates
// a second, and a terminal that numbers its records again (after a clear, a
// factory reset, a wrap-around) never loses a new punch to an old number.
struct Record {
    std::int64_t id = 0;
    std::int64_t deviceId = 0;
    std::string deviceRecordId;            // the terminal's own id for the record
    // What tells this record from another one that reuses deviceRecordId:
    // the plugin's reading of the record's content (e.g. "date|user|type").
    // Empty: the host makes one of deviceTime, userId, card, verifyType,
    // direction and result (RecordIdentity). Never shown; compared only.
    std::string identity;
    std::optional<std::uint32_t> userId;   // the person, when the terminal knew them
    std::string card;                      // the card number presented, when the record names one
    std::int64_t deviceTime = 0;           // unix milliseconds, terminal clock
    std::int64_t receivedTime = 0;         // unix milliseconds, server clock (store fills if 0)
    std::string verifyType;                // face | card | fingerprint | password | qrcode | face+card | ...
    std::string direction;                 // in | out | empty when unknown
    std::optional<double> temperature;     // degrees Celsius
    std::string photoBlob;                 // sha256 in the blob store
    std::string result = "pass";           // pass | refused
    std::string reason;                    // why refused, as the terminal said
    std::string raw;                       // the record as received (JSON text), for audits
};

struct RecordQuery {
    std::optional<std::int64_t> from;      // deviceTime >= from (unix ms)
    std::optional<std::int64_t> to;        // deviceTime < to (unix ms)
    std::optional<std::int64_t> deviceId;
    std::optional<std::uint32_t> userId;
    std::string verifyType;                // empty: any
    std::string result;                    // empty: any
    int offset = 0;
    int limit = 50;
};

// What an idempotent insert did.
struct RecordInsert {
    std::int64_t id = 0;
    bool created = false;                  // false: (device, deviceRecordId, identity) was already stored
};

} // namespace passway
