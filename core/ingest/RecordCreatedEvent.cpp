#include "ingest/RecordCreatedEvent.h"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <sstream>

namespace passway {

std::string recordCreatedPayload(const Record& record) {
    return recordCreatedPayloadWithId(record.id, recordCreatedPayloadWithoutId(record));
}

std::string recordCreatedPayloadWithId(std::int64_t id, const std::string& withoutId) {
    // withoutId is an object with at least one key: "{" + its members.
    return "{\"id\":" + std::to_string(id) + "," + withoutId.substr(1);
}

std::string recordCreatedPayloadWithoutId(const Record& record) {
    Poco::JSON::Object payload(Poco::JSON_PRESERVE_KEY_ORDER);
    payload.set("deviceId", record.deviceId);
    payload.set("deviceRecordId", record.deviceRecordId);
    payload.set("userId", record.userId ? Poco::Dynamic::Var(*record.userId) : Poco::Dynamic::Var());
    payload.set("deviceTime", record.deviceTime);
    payload.set("receivedTime", record.receivedTime);
    payload.set("verifyType", record.verifyType);
    payload.set("direction", record.direction);
    payload.set("result", record.result);
    payload.set("reason", record.reason);
    payload.set("temperature", record.temperature ? Poco::Dynamic::Var(*record.temperature) : Poco::Dynamic::Var());
    payload.set("photoBlob", record.photoBlob);
    std::ostringstream out;
    payload.stringify(out);
    return out.str();
}

} // namespace passway
