#pragma once

#include "store/ClusterRepository.h"

namespace passway {

class PgDatabase;

class PgClusterRepository : public ClusterRepository {
public:
    PgClusterRepository(PgDatabase& db, std::string url, int connectTimeoutS)
        : db_(db), url_(std::move(url)), connectTimeoutS_(connectTimeoutS) {}

    void beat(const ClusterHostRow& host) override;
    void leave(const std::string& hostId) override;
    std::int64_t forgetHostsSeenBefore(std::int64_t before) override;
    std::vector<ClusterHostRow> hosts() override;

    void holdDevice(std::int64_t deviceId, const std::string& hostId, std::int64_t now, std::int64_t expiresAt) override;
    void releaseDevice(std::int64_t deviceId, const std::string& hostId) override;
    void renewLeases(const std::string& hostId, std::int64_t expiresAt) override;
    std::vector<DeviceLease> leases() override;
    std::optional<DeviceLease> leaseOf(std::int64_t deviceId) override;
    std::vector<std::int64_t> onlineUnheld(std::int64_t now, std::size_t limit) override;
    std::optional<UnheldDevice> markUnheldOffline(std::int64_t deviceId, std::int64_t now,
                                                 std::int64_t seenBefore) override;

    std::unique_ptr<JournalWakeup> journalWakeup() override;
    std::unique_ptr<LeaderLock> leaderLock() override;

private:
    PgDatabase& db_;
    const std::string url_;
    const int connectTimeoutS_;
};

} // namespace passway
