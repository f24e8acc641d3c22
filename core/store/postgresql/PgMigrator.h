#pragma once

#include "store/postgresql/PgMigrations.h"

#include <vector>

namespace passway {

class PgDatabase;

// Brings a database to a schema version by applying the embedded migrations
// in order, each in its own transaction with its schema_version row. Hosts
// that start together against one new database take turns: the whole run
// holds a session-level advisory lock, and each one reads the version only
// once it holds it, so every migration is applied exactly once.
class PgMigrator {
public:
    explicit PgMigrator(PgDatabase& db, std::vector<PgMigration> migrations = postgresqlMigrations());

    // As SqliteMigrator::migrate: -1 = the latest; throws StoreError for a
    // database newer than this passwayd. Returns the version afterwards.
    int migrate(int target = -1);
    int currentVersion();
    int latestVersion() const;

    // The advisory lock key of migrations ("pwmigrat" in ASCII).
    static constexpr long long kMigrationLock = 0x70776d6967726174LL;

private:
    int currentVersionLocked();

    PgDatabase& db_;
    std::vector<PgMigration> migrations_;
};

} // namespace passway
