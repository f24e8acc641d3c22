#pragma once

#include "store/sqlite/SqliteMigrations.h"

#include <vector>

namespace passway {

class SqliteDatabase;

// Brings a database to a schema version by applying the embedded migrations
// in order, each in its own transaction together with its schema_version row,
// so a crash between two migrations leaves a database at a clean version.
class SqliteMigrator {
public:
    explicit SqliteMigrator(SqliteDatabase& db, std::vector<SqliteMigration> migrations = sqliteMigrations());

    // Applies what is missing up to `target` (-1: the latest known). Throws
    // StoreError when the database is newer than the latest known migration:
    // an older passwayd must not write into a schema it does not understand.
    // A database already past `target` (but known) is left as it is.
    // Returns the version the database is at afterwards.
    int migrate(int target = -1);

    // The highest version recorded in schema_version (0: an empty database).
    int currentVersion();
    int latestVersion() const;

private:
    int currentVersionLocked();

    SqliteDatabase& db_;
    std::vector<SqliteMigration> migrations_;
};

} // namespace passway
