#pragma once

namespace passway {

class SqliteDatabase;

// BEGIN IMMEDIATE ... COMMIT, rolled back when left without commit() (an
// exception). IMMEDIATE takes the write lock at the start, so a transaction
// that reads then writes never fails half-way on a lock held by another
// process (e.g. the sqlite3 shell). The caller holds the database lock.
//
// Inside an open transaction (a unit of work, Store::atomically) it is a
// SAVEPOINT instead: its commit releases into the outer transaction, its
// rollback undoes only its own statements, and nothing is durable until the
// outermost one commits.
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDatabase& db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;

    void commit();

private:
    SqliteDatabase& db_;
    int level_;          // 1 = the outermost transaction
    bool open_ = true;
};

} // namespace passway
