#pragma once

#include "store/DeviceAlarmRepository.h"

namespace passway {

class PgDatabase;

class PgDeviceAlarmRepository : public DeviceAlarmRepository {
public:
    explicit PgDeviceAlarmRepository(PgDatabase& db) : db_(db) {}

    DeviceAlarmEntry add(const DeviceAlarmEntry& alarm) override;
    Page<DeviceAlarmEntry> list(std::int64_t deviceId, std::int64_t offset, std::int64_t limit) override;

private:
    PgDatabase& db_;
};

} // namespace passway
