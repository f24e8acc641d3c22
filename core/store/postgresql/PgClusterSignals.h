#pragma once

#include "store/ClusterRepository.h"
#include "store/postgresql/PgOwnConnection.h"

namespace passway {

// LISTEN passway_journal on a connection of its own (migration 011's trigger
// notifies in each appending transaction). Reconnects by itself; a wait that
// reconnected answers true, since notifications may have been missed.
class PgJournalWakeup final : public JournalWakeup {
public:
    PgJournalWakeup(const std::string& url, int connectTimeoutS) : connection_(url, connectTimeoutS) {}
    bool wait(std::chrono::milliseconds timeout) override;

private:
    PgOwnConnection connection_;
};

// pg_try_advisory_lock on a connection of its own: held while that session
// lives, released by the database when the host dies.
class PgLeaderLock final : public LeaderLock {
public:
    // The advisory lock of the cluster's leader: "pwld" in ASCII, and the
    // schema's hash, so that stores in other schemas of one database (the
    // tests' fixture) each have their own leader.
    static constexpr int kLeaderLock = 0x70776c64;

    PgLeaderLock(const std::string& url, int connectTimeoutS) : connection_(url, connectTimeoutS) {}
    ~PgLeaderLock() override { release(); }
    bool hold() override;
    void release() override;

private:
    PgOwnConnection connection_;
    bool held_ = false;
};

} // namespace passway
