#include "ingest/RecordCreatedEvent.h"

#include <string_view>

namespace passway {

namespace {

// The builder puts "id" first; built with id 0 the payload starts with this.
constexpr std::string_view kNoId = "{\"id\":0,";

} // namespace

std::string recordCreatedPayload(const Record& record) { return events::recordCreated(record).payload; }

std::string recordCreatedPayloadWithoutId(const Record& record) {
    Record withoutId = record;
    withoutId.id = 0;
    return events::recordCreated(withoutId).payload;
}

std::string recordCreatedPayloadWithId(std::int64_t id, const std::string& withoutId) {
    return "{\"id\":" + std::to_string(id) + "," + withoutId.substr(kNoId.size());
}

} // namespace passway
