#pragma once

#include "passway/Events.h"
#include "passway/model/Record.h"

#include <string>

namespace passway {

// The `record.created` event as the record intake publishes it: the SDK's
// builder (passway/Events.h, events::recordCreated) under the names the
// intake has always used.
inline constexpr const char* kRecordCreatedTopic = events::topic::kRecordCreated;

inline std::string recordCreatedPayload(const Record& record) { return events::recordCreated(record).payload; }

} // namespace passway
