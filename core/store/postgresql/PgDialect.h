#pragma once

#include "store/postgresql/PgDatabase.h"
#include "store/postgresql/PgTransaction.h"

namespace passway {

// PostgreSQL's side of SqliteDialect (see there): the types the shared
// repositories (store/sql/) work with and the words its SQL spells its own way.
struct PgDialect {
    using Database = PgDatabase;
    using Statement = PgStatement;
    using Transaction = PgTransaction;

    // Case-insensitive as SQLite's LIKE is.
    static constexpr const char* kLike = "ILIKE";
    static constexpr const char* kGreatest = "GREATEST";
    static constexpr const char* kLeast = "LEAST";

    // An insert's new id (see SqliteDialect): the row the insert returns.
    static constexpr const char* kReturningId = " RETURNING id";
    static std::int64_t insertedId(Database&, Statement& insert) {
        insert.step();
        const std::int64_t id = insert.int64(0);
        while (insert.step()) {
        }
        return id;
    }

    // The connection for a read (see SqliteDialect): any, since each thread
    // borrows its own from the pool.
    static Database& forReading(Database& db) { return db; }

    // Bytes for a column of the schema's bytes type, BYTEA here.
    static void bindBytes(Statement& statement, int index, std::string_view bytes) { statement.bindBlob(index, bytes); }
};

} // namespace passway
