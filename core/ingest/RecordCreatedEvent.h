#pragma once

#include "model/Record.h"

#include <string>

namespace passway {

// The `record.created` event: topic and payload, one place for both, so every
// path that creates records publishes the same shape.
//
// Payload (JSON object, keys in this order):
//   id              number   the record's id in the store
//   deviceId        number
//   deviceRecordId  string   the terminal's own id ("" when it sent none)
//   userId          number | null   the person, when the terminal knew them
//   deviceTime      number   unix ms, terminal clock
//   receivedTime    number   unix ms, server clock
//   verifyType      string   face | card | fingerprint | password | qrcode | ...
//   direction       string   in | out | ""
//   result          string   pass | refused
//   reason          string   why refused ("" when passed)
//   temperature     number | null   degrees Celsius
//   photoBlob       string   sha256 in the blob store ("" when no photo)
// The raw payload of the terminal is not carried: it can be large, and it is
// in the store for whoever needs it.
inline constexpr const char* kRecordCreatedTopic = "record.created";

std::string recordCreatedPayload(const Record& record);
// The same in two steps, so that the costly part can be built before the
// record has its id (outside the store's transaction): the payload is
// withId(record.id, withoutId(record)).
std::string recordCreatedPayloadWithoutId(const Record& record);
std::string recordCreatedPayloadWithId(std::int64_t id, const std::string& withoutId);

} // namespace passway
