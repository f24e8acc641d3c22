#pragma once

#include "passway/Events.h"
#include "passway/model/Record.h"

#include <cstdint>
#include <string>

namespace passway {

// The `record.created` event as the record intake publishes it: the SDK's
// builder (passway/Events.h, events::recordCreated; the README lists the
// fields) under the names the intake uses.
inline constexpr const char* kRecordCreatedTopic = events::topic::kRecordCreated;

std::string recordCreatedPayload(const Record& record);
// The same in two steps, so that the costly part can be built before the
// record has its id (outside the store's transaction): the payload is
// withId(record.id, withoutId(record)).
std::string recordCreatedPayloadWithoutId(const Record& record);
std::string recordCreatedPayloadWithId(std::int64_t id, const std::string& withoutId);

} // namespace passway
