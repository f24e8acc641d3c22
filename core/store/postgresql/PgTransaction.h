#pragma once

namespace passway {

class PgDatabase;
class PgConnection;

// BEGIN ... COMMIT on the thread's connection, rolled back when left without
// commit() (an exception). Like SQLite's BEGIN IMMEDIATE, the outermost one
// first takes the store's write lock (a transaction-scoped advisory lock),
// so writing transactions of all threads and all hosts run one after the
// other as they do on SQLite: a read-then-write (the next free person id, a
// duplicate record check) never races another writer, and the journal's seq
// is in commit order. Statements outside a transaction do not take it.
//
// Inside an open transaction it is a SAVEPOINT, as SqliteTransaction is.
class PgTransaction {
public:
    explicit PgTransaction(PgDatabase& db);
    ~PgTransaction();
    PgTransaction(const PgTransaction&) = delete;
    PgTransaction& operator=(const PgTransaction&) = delete;

    void commit();

    // The advisory lock key of the store's writers ("passway" in ASCII).
    static constexpr long long kWriteLock = 0x70617373776179LL;

private:
    PgConnection& connection_;
    int level_;
    bool open_ = true;
};

} // namespace passway
