#include "store/sql/SqlDeviceRepository.h"

#include "passway/Clock.h"
#include "store/StoreError.h"
#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

namespace {

constexpr const char* kSelect =
    "SELECT id, protocol, serial, name, state, online, last_seen, address, reported, desired, created_at, updated_at, "
    "pinned_address, pending_address FROM devices";

} // namespace

template <typename Sql>
std::vector<Device> SqlDeviceRepository<Sql>::readAll(typename Sql::Statement& rows) {
    std::vector<Device> devices;
    while (rows.step()) {
        Device device;
        device.id = rows.int64(0);
        device.protocol = rows.text(1);
        device.serial = rows.text(2);
        device.name = rows.text(3);
        device.state = deviceStateFromString(rows.text(4));
        device.online = rows.boolean(5);
        device.lastSeen = rows.int64(6);
        device.address = rows.text(7);
        device.reported = rows.text(8);
        device.desired = rows.text(9);
        device.createdAt = rows.int64(10);
        device.updatedAt = rows.int64(11);
        device.pinnedAddress = rows.text(12);
        device.pendingAddress = rows.text(13);
        devices.push_back(std::move(device));
    }
    for (auto& device : devices) {
        auto groups = db_.prepare("SELECT grp FROM device_access_groups WHERE device_id = ? ORDER BY position");
        groups.bind(1, device.id);
        while (groups.step()) device.accessGroups.push_back(groups.text(0));
    }
    return devices;
}

template <typename Sql>
std::optional<Device> SqlDeviceRepository<Sql>::findLocked(std::int64_t id) {
    auto rows = db_.prepare(std::string(kSelect) + " WHERE id = ?");
    rows.bind(1, id);
    auto devices = readAll(rows);
    if (devices.empty()) return std::nullopt;
    return std::move(devices.front());
}

template <typename Sql>
void SqlDeviceRepository<Sql>::writeGroups(std::int64_t id, const std::vector<std::string>& groups) {
    db_.prepare("DELETE FROM device_access_groups WHERE device_id = ?").bind(1, id).run();
    int position = 0;
    for (const auto& group : groups) {
        db_.prepare("INSERT INTO device_access_groups (device_id, grp, position) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .bindAll(id, group, position++)
            .run();
    }
}

template <typename Sql>
Device SqlDeviceRepository<Sql>::create(const Device& device) {
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);
    {
        auto existing = db_.prepare("SELECT id FROM devices WHERE protocol = ? AND serial = ?");
        existing.bindAll(device.protocol, device.serial);
        if (existing.step()) {
            throw StoreError("device " + device.protocol + "/" + device.serial + " already exists (id " +
                                 std::to_string(existing.int64(0)) + ")",
                             true);
        }
    }
    const std::int64_t now = nowMillis();
    const std::int64_t id = Sql::insertedId(
        db_,
        db_.prepare(
               std::string("INSERT INTO devices (protocol, serial, name, state, online, last_seen, address, reported, "
                           "desired, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)") +
               Sql::kReturningId)
            .bindAll(device.protocol, device.serial, device.name, toString(device.state), device.online,
                     device.lastSeen, device.address, device.reported, device.desired, now, now));
    writeGroups(id, device.accessGroups);
    std::optional<Device> stored = findLocked(id);
    transaction.commit();
    return *stored;
}

template <typename Sql>
std::optional<Device> SqlDeviceRepository<Sql>::find(std::int64_t id) {
    auto lock = db_.lock();
    return findLocked(id);
}

template <typename Sql>
std::optional<Device> SqlDeviceRepository<Sql>::findBySerial(const std::string& protocol, const std::string& serial) {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string(kSelect) + " WHERE protocol = ? AND serial = ?");
    rows.bindAll(protocol, serial);
    auto devices = readAll(rows);
    if (devices.empty()) return std::nullopt;
    return std::move(devices.front());
}

template <typename Sql>
std::vector<Device> SqlDeviceRepository<Sql>::list() {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string(kSelect) + " ORDER BY id");
    return readAll(rows);
}

template <typename Sql>
bool SqlDeviceRepository<Sql>::update(const Device& device) {
    auto lock = db_.lock();
    typename Sql::Transaction transaction(db_);
    db_.prepare("UPDATE devices SET name = ?, reported = ?, desired = ?, updated_at = ? WHERE id = ?")
        .bindAll(device.name, device.reported, device.desired, nowMillis(), device.id)
        .run();
    if (db_.changes() == 0) return false;
    writeGroups(device.id, device.accessGroups);
    transaction.commit();
    return true;
}

template <typename Sql>
bool SqlDeviceRepository<Sql>::setState(std::int64_t id, DeviceState state) {
    auto lock = db_.lock();
    db_.prepare("UPDATE devices SET state = ?, updated_at = ? WHERE id = ?").bindAll(toString(state), nowMillis(), id).run();
    return db_.changes() > 0;
}

template <typename Sql>
bool SqlDeviceRepository<Sql>::markSeen(std::int64_t id, std::int64_t at, const std::string& address) {
    auto lock = db_.lock();
    // Not updated_at: that tracks configuration changes, and contact happens
    // on every keepalive.
    typename Sql::Transaction transaction(db_);
    db_.prepare("UPDATE devices SET online = 1, last_seen = ?, address = ? WHERE id = ?")
        .bindAll(at, address, id)
        .run();
    if (db_.changes() == 0) return false;
    if (!address.empty()) {
        // Contacts arrive out of order (threads, offline() with an older
        // time): the span only ever widens.
        db_.prepare(std::string("INSERT INTO device_addresses (device_id, address, first_seen, last_seen) ") +
                    "VALUES (?, ?, ?, ?) ON CONFLICT (device_id, address) DO UPDATE SET "
                    "first_seen = " + Sql::kLeast + "(device_addresses.first_seen, excluded.first_seen), "
                    "last_seen = " + Sql::kGreatest + "(device_addresses.last_seen, excluded.last_seen)")
            .bindAll(id, address, at, at)
            .run();
    }
    transaction.commit();
    return true;
}

template <typename Sql>
std::vector<DeviceAddress> SqlDeviceRepository<Sql>::addresses(std::int64_t id) {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT address, first_seen, last_seen FROM device_addresses WHERE device_id = ? "
                            "ORDER BY last_seen DESC, address");
    rows.bind(1, id);
    std::vector<DeviceAddress> out;
    while (rows.step()) out.push_back(DeviceAddress{rows.text(0), rows.int64(1), rows.int64(2)});
    return out;
}

template <typename Sql>
bool SqlDeviceRepository<Sql>::setOnline(std::int64_t id, bool online) {
    auto lock = db_.lock();
    db_.prepare("UPDATE devices SET online = ? WHERE id = ?").bindAll(online, id).run();
    return db_.changes() > 0;
}

template <typename Sql>
bool SqlDeviceRepository<Sql>::pinAddress(std::int64_t id, const std::string& address) {
    auto lock = db_.lock();
    db_.prepare("UPDATE devices SET pinned_address = ?, pending_address = '', updated_at = ? WHERE id = ?")
        .bindAll(address, nowMillis(), id)
        .run();
    return db_.changes() > 0;
}

template <typename Sql>
bool SqlDeviceRepository<Sql>::setPendingAddress(std::int64_t id, const std::string& address) {
    auto lock = db_.lock();
    db_.prepare("UPDATE devices SET pending_address = ? WHERE id = ?").bindAll(address, id).run();
    return db_.changes() > 0;
}

template <typename Sql>
std::size_t SqlDeviceRepository<Sql>::countInState(DeviceState state) {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT COUNT(*) FROM devices WHERE state = ?");
    rows.bind(1, std::string(toString(state)));
    return rows.step() ? static_cast<std::size_t>(rows.int64(0)) : 0;
}

template <typename Sql>
std::vector<std::int64_t> SqlDeviceRepository<Sql>::oldestInState(DeviceState state, std::size_t count) {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT id FROM devices WHERE state = ? ORDER BY id LIMIT ?");
    rows.bindAll(std::string(toString(state)), static_cast<std::int64_t>(count));
    std::vector<std::int64_t> ids;
    while (rows.step()) ids.push_back(rows.int64(0));
    return ids;
}

template <typename Sql>
bool SqlDeviceRepository<Sql>::remove(std::int64_t id) {
    auto lock = db_.lock();
    // Its commands, access groups and sync entries go with it (ON DELETE
    // CASCADE); its records stay, as history.
    db_.prepare("DELETE FROM devices WHERE id = ?").bind(1, id).run();
    return db_.changes() > 0;
}

template class SqlDeviceRepository<SqliteDialect>;
template class SqlDeviceRepository<PgDialect>;

} // namespace passway
