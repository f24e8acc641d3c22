#pragma once

#include "store/sqlite/SqliteDatabase.h"
#include "store/sqlite/SqliteTransaction.h"

namespace passway {

// What the repositories written once for both databases (store/sql/) need
// to know of SQLite: its database, statement and transaction types, and the
// few words in which its SQL differs from PostgreSQL's. Everything else they
// write is SQL both accept (upserts, RETURNING: SQLite 3.35 and later).
struct SqliteDialect {
    using Database = SqliteDatabase;
    using Statement = SqliteStatement;
    using Transaction = SqliteTransaction;

    // LIKE already ignores the case of ASCII letters.
    static constexpr const char* kLike = "LIKE";
    // The larger of two values (SQLite's MAX with two arguments is scalar).
    static constexpr const char* kGreatest = "MAX";
    static constexpr const char* kLeast = "MIN";

    // An insert's new id: appended to an INSERT, then insertedId() after
    // binding. Not `RETURNING id` here: SQLite gathers a RETURNING clause's
    // rows in an ephemeral table (its own pager and statement journal) on
    // every execution, a third of the record writer's time per record. The
    // connection's last rowid is exact: the caller holds the write lock.
    static constexpr const char* kReturningId = "";
    static std::int64_t insertedId(Database& db, Statement& insert) {
        insert.run();
        return db.lastInsertRowId();
    }

    // The connection for a read that writes nothing and may read the last
    // commit: the store's read connection (SqliteDatabase::forReading).
    static Database& forReading(Database& db) { return db.forReading(); }

    // Bytes for a column of the schema's bytes type, which is TEXT here
    // (kv.value): bound as TEXT, so what was stored before reads the same.
    static void bindBytes(Statement& statement, int index, std::string_view bytes) { statement.bind(index, bytes); }
};

} // namespace passway
