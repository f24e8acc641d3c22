#include "store/sql/SqlDeviceAlarmRepository.h"

#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

template <typename Sql>
DeviceAlarmEntry SqlDeviceAlarmRepository<Sql>::add(const DeviceAlarmEntry& alarm) {
    auto lock = db_.lock();
    const std::int64_t id = Sql::insertedId(
        db_, db_.prepare(std::string("INSERT INTO device_alarms (device_id, alarm, source, event, cleared, at) "
                                     "VALUES (?, ?, ?, ?, ?, ?)") +
                         Sql::kReturningId)
                 .bindAll(alarm.deviceId, alarm.alarm, alarm.source, alarm.event,
                          static_cast<std::int64_t>(alarm.cleared ? 1 : 0), alarm.at));
    DeviceAlarmEntry stored = alarm;
    stored.id = id;
    return stored;
}

template <typename Sql>
Page<DeviceAlarmEntry> SqlDeviceAlarmRepository<Sql>::list(std::int64_t deviceId, std::int64_t offset,
                                                         std::int64_t limit) {
    auto lock = db_.lock();
    Page<DeviceAlarmEntry> page;
    {
        auto total = db_.prepare("SELECT COUNT(*) FROM device_alarms WHERE device_id = ?");
        total.bind(1, deviceId);
        total.step();
        page.total = total.int64(0);
    }
    auto rows = db_.prepare("SELECT id, device_id, alarm, source, event, cleared, at FROM device_alarms "
                            "WHERE device_id = ? ORDER BY id DESC LIMIT ? OFFSET ?");
    rows.bindAll(deviceId, limit, offset);
    while (rows.step()) {
        page.items.push_back(DeviceAlarmEntry{rows.int64(0), rows.int64(1), rows.text(2), rows.text(3), rows.text(4),
                                              rows.int64(5) != 0, rows.int64(6)});
    }
    return page;
}

template class SqlDeviceAlarmRepository<SqliteDialect>;
template class SqlDeviceAlarmRepository<PgDialect>;

} // namespace passway
