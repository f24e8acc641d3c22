#pragma once

#include "store/DeviceAlarmRepository.h"

namespace passway {

class SqliteDatabase;

class SqliteDeviceAlarmRepository : public DeviceAlarmRepository {
public:
    explicit SqliteDeviceAlarmRepository(SqliteDatabase& db) : db_(db) {}

    DeviceAlarmEntry add(const DeviceAlarmEntry& alarm) override;
    Page<DeviceAlarmEntry> list(std::int64_t deviceId, std::int64_t offset, std::int64_t limit) override;

private:
    SqliteDatabase& db_;
};

} // namespace passway
