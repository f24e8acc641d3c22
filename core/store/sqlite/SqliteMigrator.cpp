#include "store/sqlite/SqliteMigrator.h"

#include "store/StoreError.h"
#include "store/sqlite/SqliteDatabase.h"
#include "store/sqlite/SqliteTransaction.h"
#include "passway/Clock.h"

#include <string>

namespace passway {

SqliteMigrator::SqliteMigrator(SqliteDatabase& db, std::vector<SqliteMigration> migrations)
    : db_(db), migrations_(std::move(migrations)) {
    for (std::size_t i = 0; i < migrations_.size(); ++i) {
        if (migrations_[i].version != static_cast<int>(i) + 1) {
            throw StoreError("sqlite: embedded migrations are not numbered 1.." + std::to_string(migrations_.size()));
        }
    }
}

int SqliteMigrator::latestVersion() const { return static_cast<int>(migrations_.size()); }

int SqliteMigrator::currentVersion() {
    auto lock = db_.lock();
    return currentVersionLocked();
}

int SqliteMigrator::currentVersionLocked() {
    // schema_version is created by migration 1, so its absence means version 0.
    auto exists = db_.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'");
    if (!exists.step()) return 0;
    auto max = db_.prepare("SELECT COALESCE(MAX(version), 0) FROM schema_version");
    max.step();
    return max.int32(0);
}

int SqliteMigrator::migrate(int target) {
    const int latest = latestVersion();
    if (target < 0 || target > latest) target = latest;

    auto lock = db_.lock();
    for (;;) {
        // The version is read inside the write transaction: two processes
        // opening the same new database cannot both apply a migration.
        SqliteTransaction transaction(db_);
        const int current = currentVersionLocked();
        if (current > latest) {
            throw StoreError("database schema " + std::to_string(current) + " is newer than this passwayd (" +
                             std::to_string(latest) + "): " + db_.path());
        }
        if (current >= target) return current;

        const SqliteMigration& next = migrations_[static_cast<std::size_t>(current)];
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
