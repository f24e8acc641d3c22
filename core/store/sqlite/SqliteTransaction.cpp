#include "store/sqlite/SqliteTransaction.h"

#include "store/sqlite/SqliteDatabase.h"

namespace passway {

SqliteTransaction::SqliteTransaction(SqliteDatabase& db) : db_(db) { db_.prepare("BEGIN IMMEDIATE").run(); }

SqliteTransaction::~SqliteTransaction() {
    if (!open_) return;
    try {
        db_.prepare("ROLLBACK").run();
    } catch (...) {
        // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL);
        // nothing more can be done here, and a destructor must not throw.
    }
}

void SqliteTransaction::commit() {
    db_.prepare("COMMIT").run();
    open_ = false;
}

} // namespace passway
