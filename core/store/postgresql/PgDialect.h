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
};

} // namespace passway
