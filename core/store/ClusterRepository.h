#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace passway {

// One running passwayd of a cluster, as its heartbeat last wrote it.
struct ClusterHostRow {
    std::string id;
    std::string address;            // where its admin API listens, for the operator
    std::int64_t startedAt = 0;     // unix ms
    std::int64_t seenAt = 0;        // its last heartbeat
    std::int64_t journalPosition = 0;  // the last journal seq its tail has handed on
    bool leader = false;            // runs the cluster's scripts (timers, cron, event handlers)
};

// Which host holds a device's connection, until expiresAt.
struct DeviceLease {
    std::int64_t deviceId = 0;
    std::string host;
    std::int64_t since = 0;
    std::int64_t expiresAt = 0;
};

// A device the store called online until a cluster's leader found that no
// host had held it for a while (UnheldDeviceSweep).
struct UnheldDevice {
    std::int64_t deviceId = 0;
    std::string serial;
    std::string protocol;
    std::int64_t lastSeen = 0;  // unix ms, the last contact a host wrote
};

// Wakes a journal tail when another host appended (LISTEN/NOTIFY on
// PostgreSQL). A hint only: the tail's cursor is the truth, so a missed or
// spurious wake-up costs at most one poll interval.
class JournalWakeup {
public:
    virtual ~JournalWakeup() = default;
    // Returns when notified or after `timeout`; true when notified.
    virtual bool wait(std::chrono::milliseconds timeout) = 0;
};

// Leadership of the cluster: a session-level lock on a connection of its
// own, so that it ends with the connection (a host killed by SIGKILL loses
// it as soon as the database sees the socket close).
class LeaderLock {
public:
    virtual ~LeaderLock() = default;
    // Tries to take the lock (reconnecting if needed); true when held now.
    // Also checks that the connection is alive: false once it is gone.
    virtual bool hold() = 0;
    virtual void release() = 0;
};

// What lets several hosts share one database. Only a store that can be
// shared has it (Store::cluster() is null on SQLite: a cluster of one).
class ClusterRepository {
public:
    virtual ~ClusterRepository() = default;

    // Insert or update by id; a leader's beat clears the others' leader flag.
    virtual void beat(const ClusterHostRow& host) = 0;
    // A host stopped cleanly: its row and its leases go at once.
    virtual void leave(const std::string& hostId) = 0;
    // Rows of hosts not seen since `before`, with their leases (they died).
    virtual std::int64_t forgetHostsSeenBefore(std::int64_t before) = 0;
    virtual std::vector<ClusterHostRow> hosts() = 0;

    // Taken over from whoever held it: the device's newest connection is the truth.
    virtual void holdDevice(std::int64_t deviceId, const std::string& hostId, std::int64_t now,
                            std::int64_t expiresAt) = 0;
    // Only this host's lease (another may already hold the device again).
    virtual void releaseDevice(std::int64_t deviceId, const std::string& hostId) = 0;
    virtual void renewLeases(const std::string& hostId, std::int64_t expiresAt) = 0;
    virtual std::vector<DeviceLease> leases() = 0;
    virtual std::optional<DeviceLease> leaseOf(std::int64_t deviceId) = 0;

    // Devices the store has online whose lease, if any, ended before `now`:
    // no host hears from them (at most `limit`, lowest id first).
    virtual std::vector<std::int64_t> onlineUnheld(std::int64_t now, std::size_t limit) = 0;
    // Marks the device offline if it is still online, held by no host at
    // `now` and last seen before `seenBefore`, all in one statement, so a
    // host that took it meanwhile wins. What was marked, or nothing.
    virtual std::optional<UnheldDevice> markUnheldOffline(std::int64_t deviceId, std::int64_t now,
                                                         std::int64_t seenBefore) = 0;

    virtual std::unique_ptr<JournalWakeup> journalWakeup() = 0;
    virtual std::unique_ptr<LeaderLock> leaderLock() = 0;
};

} // namespace passway
