#pragma once

namespace passway {

class SqliteDatabase;

// BEGIN IMMEDIATE ... COMMIT, rolled back when left without commit() (an
// exception). IMMEDIATE takes the write lock at the start, so a transaction
// that reads then writes never fails half-way on a lock held by another
// process (e.g. the sqlite3 shell). The caller holds the database lock.
class SqliteTransaction {
public:
    explicit SqliteTransaction(SqliteDatabase& db);
    ~SqliteTransaction();
    SqliteTransaction(const SqliteTransaction&) = delete;
    SqliteTransaction& operator=(const SqliteTransaction&) = delete;

    void commit();

private:
    SqliteDatabase& db_;
    bool open_ = true;
};

} // namespace passway
