#pragma once

#include "store/DeviceAlarmRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlDeviceAlarmRepository : public DeviceAlarmRepository {
public:
    explicit SqlDeviceAlarmRepository(typename Sql::Database& db) : db_(db) {}

    DeviceAlarmEntry add(const DeviceAlarmEntry& alarm) override;
    Page<DeviceAlarmEntry> list(std::int64_t deviceId, std::int64_t offset, std::int64_t limit) override;

private:
    typename Sql::Database& db_;
};

} // namespace passway
