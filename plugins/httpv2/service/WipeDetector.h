#pragma once

#include "Httpv2Config.h"
#include "passway/PluginApi.h"
#include "service/DeviceEntry.h"
#include "service/DeviceRegistry.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace passway::httpv2 {

// Notices that a terminal lost the persons it held without the host asking
// (a factory reset, a menu clear or import, a storage count far below the
// ledger's) and marks it cleared: pending removals are done and everyone it
// should hold is sent again. The device's reported state keeps
// `peopleCleared` {"at", "why"} so an operator sees when and why.
class WipeDetector {
public:
    WipeDetector(PluginContext& context, DeviceRegistry& devices, const Httpv2Config& config)
        : context_(context), devices_(devices), config_(config) {}

    void cleared(DeviceEntry& device, const std::string& why, std::int64_t nowMs);

    // UploadSystemRecord events 40 (menu: all people cleared), 42 (menu:
    // imported from USB: who it holds is unknown) and 45 (all people deleted).
    void systemEvent(DeviceEntry& device, std::string_view eventName, std::int64_t nowMs);
    // RecordType 35 (a person deleted in the device menu): that person is
    // sent again when the device should hold them.
    void identifyRecord(DeviceEntry& device, int recordType, std::optional<std::uint32_t> userId);
    // UploadWorkSetting's PeopleStorageInfo.Person.Current against the
    // number the ledger says the terminal holds (wipe_ratio).
    void storageReport(DeviceEntry& device, const Poco::JSON::Object::Ptr& settings, std::int64_t nowMs);

private:
    PluginContext& context_;
    DeviceRegistry& devices_;
    const Httpv2Config& config_;
};

} // namespace passway::httpv2
