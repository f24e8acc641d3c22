#include "store/postgresql/PgTransaction.h"

#include "store/postgresql/PgDatabase.h"

#include <string>

namespace passway {

namespace {

std::string savepoint(int level) { return "passway_" + std::to_string(level); }

} // namespace

PgTransaction::PgTransaction(PgDatabase& db) : connection_(db.connection()), level_(connection_.depth + 1) {
    if (level_ == 1) {
        // One round trip for both. Should the lock fail, the transaction is
        // aborted and must be ended before the connection serves again.
        try {
            connection_.exec("BEGIN; SELECT pg_advisory_xact_lock(" + std::to_string(kWriteLock) + ")");
        } catch (...) {
            try {
                connection_.exec("ROLLBACK");
            } catch (...) {
            }
            throw;
        }
        connection_.depth = 1;
    } else {
        connection_.exec("SAVEPOINT " + savepoint(level_));
        connection_.depth = level_;
    }
}

PgTransaction::~PgTransaction() {
    if (!open_) return;
    connection_.depth = level_ - 1;
    try {
        if (level_ == 1) {
            connection_.pending.clear();
            connection_.exec("ROLLBACK");
        } else {
            connection_.exec("ROLLBACK TO SAVEPOINT " + savepoint(level_) + "; RELEASE SAVEPOINT " + savepoint(level_));
        }
    } catch (...) {
        // A broken connection rolled back by itself; the pool drops it.
    }
}

void PgTransaction::commit() {
    if (level_ == 1) {
        connection_.exec("COMMIT");
        open_ = false;
        connection_.depth = 0;
        for (auto& action : connection_.pending) connection_.committed.push_back(std::move(action));
        connection_.pending.clear();
    } else {
        connection_.exec("RELEASE SAVEPOINT " + savepoint(level_));
        open_ = false;
        connection_.depth = level_ - 1;
    }
}

} // namespace passway
