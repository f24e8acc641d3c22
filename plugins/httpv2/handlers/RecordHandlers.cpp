// /Record/UploadIdentifyRecord (one record, multipart: RecordDetail or
// recordJson, maybe gzip'd; photo as Photo or pic) and
// /Record/UploadSystemRecord (a JSON batch of door-sensor or system events).
// Both go through the host's record intake: durable (group-committed) when
// it answers, idempotent on the terminal's RecordID and the record's content
// (a number reused after ClearRecord is a new record), record.created
// published by the intake. Only then is the record acknowledged, because the
// terminal deletes what was acknowledged.

#include "handlers/Handlers.h"
#include "http/FailureReply.h"

#include "mapping/RecordDetail.h"
#include "mapping/SystemRecordTypes.h"
#include "wire/ProtocolError.h"

#include <Poco/JSON/Array.h>
#include <Poco/Logger.h>

#include <sstream>

namespace passway::httpv2 {

void handleUploadIdentifyRecord(Exchange& ex) {
    // Bounded work before identity: the SN field identifies the terminal
    // before its detail is parsed; the detail is read first only when the
    // terminal put its SN nowhere else.
    std::string raw;
    Poco::JSON::Object::Ptr detailJson;
    std::string serial = ex.formText({"SN"});
    if (serial.empty()) {
        detailJson = ex.formJson({"RecordDetail", "recordJson"}, &raw);
        serial = Exchange::serialOf(JsonFields(detailJson));
    }
    const auto device = ex.activeDevice(serial);
    if (!detailJson) detailJson = ex.formJson({"RecordDetail", "recordJson"}, &raw);
    auto& s = ex.services();

    RecordDetail detail = readRecordDetail(detailJson, raw, ex.now());
    detail.record.deviceId = device->id;
    detail.record.receivedTime = ex.now();
    if (!detail.record.userId && detail.cardNum && ex.config().lookupCardOwner) {
        if (const auto owner = s.context.persons().findByCredential("card", *detail.cardNum)) {
            detail.record.userId = owner->userId;
        }
    }
    const int recordType = detail.recordType;
    const auto recordUserId = detail.record.userId;
    IngestItem item;
    item.record = std::move(detail.record);
    if (auto photo = ex.formFile({"Photo", "pic"})) item.photo = std::move(*photo);
    // What the terminal says it deleted is true whether or not the record is
    // stored now (a retry says it again), so it need not wait for the store.
    s.wipes.identifyRecord(*device, recordType, recordUserId);
    // Answered from the intake's writer once the record is durable: the
    // worker goes back to the pool meanwhile, so a burst of uploads holds
    // connections, not threads, and all of them share one group commit.
    std::vector<IngestItem> items;
    items.push_back(std::move(item));
    s.context.records().ingestAsync(
        std::move(items), [answer = ex.answerLater(), &log = s.context.logger()](IngestResult result) {
            answer.send(result.error ? failureReply(result.error, log, answer.who()) : Reply::ok());
        });
}

void handleUploadSystemRecord(Exchange& ex) {
    const JsonFields fields(ex.json());
    const auto device = ex.activeDevice(Exchange::serialOf(fields));
    auto& s = ex.services();
    const auto list = fields.array({"Records", "RecordList"});
    if (!list) throw ProtocolError::badRequest("UploadSystemRecord has no Records array");
    const auto kindNumber = fields.integer("RecordType").value_or(2);
    const SystemRecordKind kind = kindNumber == 1 ? SystemRecordKind::DoorSensor : SystemRecordKind::System;
    const std::string prefix = kind == SystemRecordKind::DoorSensor ? "door:" : "system:";

    std::vector<IngestItem> items;
    std::vector<SystemEvent> events;
    for (std::size_t i = 0; i < list->size(); ++i) {
        const auto item = list->getObject(static_cast<unsigned>(i));
        if (!item) throw ProtocolError::badRequest("Records[" + std::to_string(i) + "] is not an object");
        const JsonFields f(item);
        const auto id = f.text("RecordID");
        if (!id || id->empty()) throw ProtocolError::badRequest("Records[" + std::to_string(i) + "] has no RecordID");
        const SystemEvent event = systemEvent(kind, static_cast<int>(f.integer("RecordType").value_or(0)));

        Record record;
        record.deviceId = device->id;
        // System and door-sensor records count their RecordIDs apart from
        // identification records: the prefix keeps the three apart.
        record.deviceRecordId = prefix + *id;
        record.identity = recordIdentity(f, {"RecordDate", "RecordType"});
        const auto date = f.integer("RecordDate").value_or(0);
        record.deviceTime = date <= 0 ? ex.now() : (date >= 100000000000LL ? date : date * 1000);
        record.receivedTime = ex.now();
        record.result = "event";
        record.reason = std::string(event.name);
        Poco::JSON::Object raw(Poco::JSON_PRESERVE_KEY_ORDER);
        raw.set("Kind", static_cast<int>(kindNumber));
        for (const auto& name : item->getNames()) raw.set(name, item->get(name));
        std::ostringstream out;
        raw.stringify(out);
        record.raw = out.str();
        items.push_back(IngestItem{std::move(record), {}});
        events.push_back(event);
    }
    if (items.empty()) {
        ex.send(Reply::ok());
        return;
    }
    const auto outcomes = s.context.records().ingest(std::move(items));
    for (std::size_t i = 0; i < outcomes.size() && i < events.size(); ++i) {
        if (outcomes[i].created) s.wipes.systemEvent(*device, events[i].name, ex.now());
    }
    for (std::size_t i = 0; i < outcomes.size() && i < events.size(); ++i) {
        const SystemEvent& event = events[i];
        if (!outcomes[i].created || event.alarm.empty()) continue;  // a retried batch announces nothing twice
        if (!event.alarmCleared) s.context.logger().warning(ex.who() + ": " + std::string(event.description));
        s.context.devices().alarm(device->id, device->serial,
                                  DeviceAlarm{std::string(event.alarm), "system_record", std::string(event.name),
                                              event.alarmCleared});
    }
    ex.send(Reply::ok());
}

} // namespace passway::httpv2
