#include "store/sqlite/SqliteTransaction.h"

#include "store/sqlite/SqliteDatabase.h"

#include <string>

namespace passway {

namespace {

std::string savepoint(int level) { return "passway_" + std::to_string(level); }

} // namespace

SqliteTransaction::SqliteTransaction(SqliteDatabase& db) : db_(db), level_(db.depth_ + 1) {
    db_.exec(level_ == 1 ? "BEGIN IMMEDIATE" : "SAVEPOINT " + savepoint(level_));
    db_.setDepth(level_);
}

SqliteTransaction::~SqliteTransaction() {
    if (!open_) return;
    db_.setDepth(level_ - 1);
    try {
        if (level_ == 1) {
            db_.pending_.clear();
            db_.exec("ROLLBACK");
        } else {
            db_.exec("ROLLBACK TO " + savepoint(level_) + "; RELEASE " + savepoint(level_));
        }
    } catch (...) {
        // SQLite may already have rolled back by itself (e.g. after SQLITE_FULL);
        // nothing more can be done here, and a destructor must not throw.
    }
}

void SqliteTransaction::commit() {
    if (level_ == 1) {
        db_.exec("COMMIT");
        open_ = false;
        db_.setDepth(0);
        for (auto& action : db_.pending_) db_.committed_.push_back(std::move(action));
        db_.pending_.clear();
    } else {
        db_.exec("RELEASE " + savepoint(level_));
        open_ = false;
        db_.setDepth(level_ - 1);
    }
}

} // namespace passway
