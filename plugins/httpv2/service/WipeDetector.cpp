#include "service/WipeDetector.h"

#include "wire/JsonFields.h"

#include <Poco/Logger.h>

namespace passway::httpv2 {

namespace {

constexpr int kRecordTypeDeletedInMenu = 35;

} // namespace

void WipeDetector::cleared(DeviceEntry& device, const std::string& why, std::int64_t nowMs) {
    context_.logger().warning("terminal " + device.serial + " holds no persons any more (" + why +
                              "): everyone it should hold is sent again");
    context_.sync().cleared(device.id);
    Poco::JSON::Object::Ptr mark = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    Poco::JSON::Object::Ptr detail = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    detail->set("at", nowMs);
    detail->set("why", why);
    mark->set("peopleCleared", detail);
    devices_.mergeReported(device, mark);
}

void WipeDetector::systemEvent(DeviceEntry& device, std::string_view eventName, std::int64_t nowMs) {
    if (eventName == "system.menu_cleared_people" || eventName == "system.menu_import_people" ||
        eventName == "system.people_deleted") {
        cleared(device, std::string(eventName), nowMs);
    }
}

void WipeDetector::identifyRecord(DeviceEntry& device, int recordType, std::optional<std::uint32_t> userId) {
    if (recordType != kRecordTypeDeletedInMenu || !userId) return;
    context_.sync().removedOnDevice(device.id, *userId);
}

void WipeDetector::storageReport(DeviceEntry& device, const Poco::JSON::Object::Ptr& settings, std::int64_t nowMs) {
    const auto storage = JsonFields(settings).child("PeopleStorageInfo");
    if (!storage) return;
    const auto person = JsonFields(storage).child("Person");
    if (!person) return;
    const auto current = JsonFields(person).integer("Current");
    if (!current || *current < 0) return;
    const std::int64_t held = context_.sync().heldCount(device.id);
    if (held > 0 && static_cast<double>(*current) < static_cast<double>(held) * config_.wipeRatio) {
        cleared(device, "the terminal reports " + std::to_string(*current) + " persons, the ledger " +
                            std::to_string(held), nowMs);
    }
}

} // namespace passway::httpv2
