#include "store/postgresql/PgClusterRepository.h"

#include "store/postgresql/PgClusterSignals.h"
#include "store/postgresql/PgDatabase.h"
#include "store/postgresql/PgTransaction.h"

namespace passway {

void PgClusterRepository::beat(const ClusterHostRow& host) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO cluster_hosts (id, address, started_at, seen_at, journal_position, leader) "
                "VALUES (?, ?, ?, ?, ?, ?::boolean) ON CONFLICT (id) DO UPDATE SET address = excluded.address, "
                "seen_at = excluded.seen_at, journal_position = excluded.journal_position, leader = excluded.leader")
        .bindAll(host.id, host.address, host.startedAt, host.seenAt, host.journalPosition,
                 std::string(host.leader ? "true" : "false"))
        .run();
    // The leader's word wins: a dead leader's row must not say it still leads.
    if (host.leader) db_.prepare("UPDATE cluster_hosts SET leader = FALSE WHERE id <> ? AND leader").bind(1, host.id).run();
}

void PgClusterRepository::leave(const std::string& hostId) {
    auto lock = db_.lock();
    PgTransaction transaction(db_);
    db_.prepare("DELETE FROM device_leases WHERE host = ?").bind(1, hostId).run();
    db_.prepare("DELETE FROM cluster_hosts WHERE id = ?").bind(1, hostId).run();
    transaction.commit();
}

std::int64_t PgClusterRepository::forgetHostsSeenBefore(std::int64_t before) {
    auto lock = db_.lock();
    PgTransaction transaction(db_);
    db_.prepare("DELETE FROM device_leases WHERE host IN (SELECT id FROM cluster_hosts WHERE seen_at < ?)")
        .bind(1, before)
        .run();
    db_.prepare("DELETE FROM cluster_hosts WHERE seen_at < ?").bind(1, before).run();
    const std::int64_t gone = db_.changes();
    transaction.commit();
    return gone;
}

std::vector<ClusterHostRow> PgClusterRepository::hosts() {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT id, address, started_at, seen_at, journal_position, leader::int FROM cluster_hosts "
                            "ORDER BY id");
    std::vector<ClusterHostRow> out;
    while (rows.step()) {
        out.push_back(ClusterHostRow{rows.text(0), rows.text(1), rows.int64(2), rows.int64(3), rows.int64(4),
                                     rows.boolean(5)});
    }
    return out;
}

void PgClusterRepository::holdDevice(std::int64_t deviceId, const std::string& hostId, std::int64_t now,
                                     std::int64_t expiresAt) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO device_leases (device_id, host, since, expires_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (device_id) DO UPDATE SET host = excluded.host, since = excluded.since, "
                "expires_at = excluded.expires_at")
        .bindAll(deviceId, hostId, now, expiresAt)
        .run();
}

void PgClusterRepository::releaseDevice(std::int64_t deviceId, const std::string& hostId) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM device_leases WHERE device_id = ? AND host = ?").bindAll(deviceId, hostId).run();
}

void PgClusterRepository::renewLeases(const std::string& hostId, std::int64_t expiresAt) {
    auto lock = db_.lock();
    db_.prepare("UPDATE device_leases SET expires_at = ? WHERE host = ?").bindAll(expiresAt, hostId).run();
}

std::vector<DeviceLease> PgClusterRepository::leases() {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT device_id, host, since, expires_at FROM device_leases ORDER BY device_id");
    std::vector<DeviceLease> out;
    while (rows.step()) out.push_back(DeviceLease{rows.int64(0), rows.text(1), rows.int64(2), rows.int64(3)});
    return out;
}

std::optional<DeviceLease> PgClusterRepository::leaseOf(std::int64_t deviceId) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT device_id, host, since, expires_at FROM device_leases WHERE device_id = ?");
    row.bind(1, deviceId);
    if (!row.step()) return std::nullopt;
    return DeviceLease{row.int64(0), row.text(1), row.int64(2), row.int64(3)};
}

std::vector<std::int64_t> PgClusterRepository::onlineUnheld(std::int64_t now, std::size_t limit) {
    auto lock = db_.lock();
    auto rows = db_.prepare("SELECT d.id FROM devices d WHERE d.online <> 0 AND NOT EXISTS "
                            "(SELECT 1 FROM device_leases l WHERE l.device_id = d.id AND l.expires_at > ?) "
                            "ORDER BY d.id LIMIT ?");
    rows.bindAll(now, static_cast<std::int64_t>(limit));
    std::vector<std::int64_t> out;
    while (rows.step()) out.push_back(rows.int64(0));
    return out;
}

std::optional<UnheldDevice> PgClusterRepository::markUnheldOffline(std::int64_t deviceId, std::int64_t now,
                                                                   std::int64_t seenBefore) {
    auto lock = db_.lock();
    // One statement: a host that wrote contact (last_seen) or took the lease
    // since the caller looked keeps the device online.
    auto row = db_.prepare("UPDATE devices d SET online = 0 WHERE d.id = ? AND d.online <> 0 AND d.last_seen < ? "
                           "AND NOT EXISTS (SELECT 1 FROM device_leases l WHERE l.device_id = d.id "
                           "AND l.expires_at > ?) RETURNING d.serial, d.protocol, d.last_seen");
    row.bindAll(deviceId, seenBefore, now);
    if (!row.step()) return std::nullopt;
    return UnheldDevice{deviceId, row.text(0), row.text(1), row.int64(2)};
}

std::unique_ptr<JournalWakeup> PgClusterRepository::journalWakeup() {
    return std::make_unique<PgJournalWakeup>(url_, connectTimeoutS_);
}

std::unique_ptr<LeaderLock> PgClusterRepository::leaderLock() {
    return std::make_unique<PgLeaderLock>(url_, connectTimeoutS_);
}

} // namespace passway
