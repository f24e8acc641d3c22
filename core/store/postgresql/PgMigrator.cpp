#include "store/postgresql/PgMigrator.h"

#include "store/StoreError.h"
#include "store/postgresql/PgDatabase.h"
#include "store/postgresql/PgTransaction.h"
#include "passway/Clock.h"

#include <string>

namespace passway {

namespace {

// Releases the migration lock however migrate() leaves.
class MigrationLock {
public:
    explicit MigrationLock(PgDatabase& db) : db_(db) {
        db_.exec("SELECT pg_advisory_lock(" + std::to_string(PgMigrator::kMigrationLock) + ")");
    }
    ~MigrationLock() {
        try {
            db_.exec("SELECT pg_advisory_unlock(" + std::to_string(PgMigrator::kMigrationLock) + ")");
        } catch (...) {
            // A broken connection released it with the session.
        }
    }

private:
    PgDatabase& db_;
};

} // namespace

PgMigrator::PgMigrator(PgDatabase& db, std::vector<PgMigration> migrations)
    : db_(db), migrations_(std::move(migrations)) {
    for (std::size_t i = 0; i < migrations_.size(); ++i) {
        if (migrations_[i].version != static_cast<int>(i) + 1) {
            throw StoreError("postgresql: embedded migrations are not numbered 1.." +
                             std::to_string(migrations_.size()));
        }
    }
}

int PgMigrator::latestVersion() const { return static_cast<int>(migrations_.size()); }

int PgMigrator::currentVersion() {
    auto lock = db_.lock();
    return currentVersionLocked();
}

int PgMigrator::currentVersionLocked() {
    // schema_version is created by migration 1; to_regclass follows the
    // search_path, so a store may live in a schema of its own.
    auto exists = db_.prepare("SELECT to_regclass('schema_version') IS NOT NULL");
    if (!exists.step() || !exists.boolean(0)) return 0;
    auto max = db_.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    max.step();
    return max.int32(0);
}

int PgMigrator::migrate(int target) {
    const int latest = latestVersion();
    if (target < 0 || target > latest) target = latest;

    auto lock = db_.lock();
    MigrationLock migrating(db_);
    for (;;) {
        const int current = currentVersionLocked();
        if (current > latest) {
            throw StoreError("database schema " + std::to_string(current) + " is newer than this passwayd (" +
                             std::to_string(latest) + "): " + db_.describe());
        }
        if (current >= target) return current;

        const PgMigration& next = migrations_[static_cast<std::size_t>(current)];
        PgTransaction transaction(db_);
        try {
            db_.exec(next.sql);
        } catch (const StoreError& e) {
            throw StoreError("migration " + std::to_string(next.version) + " (" + next.name + ") failed: " + e.what());
        }
        db_.prepare("INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")
            .bindAll(next.version, std::string(next.name), nowMillis())
            .run();
        transaction.commit();
    }
}

} // namespace passway
