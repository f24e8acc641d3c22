#include "store/postgresql/PgClusterSignals.h"

#include <thread>

namespace passway {

bool PgJournalWakeup::wait(std::chrono::milliseconds timeout) {
    if (!connection_.open()) {
        try {
            if (connection_.ensureOpen()) {
                connection_.query("LISTEN passway_journal");
                return true;
            }
        } catch (const std::exception&) {
        }
        std::this_thread::sleep_for(timeout);  // the database is away: the poll goes on
        return false;
    }
    return connection_.awaitNotification(timeout);
}

bool PgLeaderLock::hold() {
    try {
        if (held_) {
            connection_.query("SELECT 1");  // throws (and closes) once the session is gone
            return true;
        }
        held_ = connection_.query("SELECT pg_try_advisory_lock(" + std::to_string(kLeaderLock) +
                                  ", hashtext(current_schema()))") == "t";
    } catch (const std::exception&) {
        held_ = false;
    }
    return held_;
}

void PgLeaderLock::release() {
    if (!held_) return;
    held_ = false;
    try {
        connection_.query("SELECT pg_advisory_unlock(" + std::to_string(kLeaderLock) + ", hashtext(current_schema()))");
    } catch (const std::exception&) {
        connection_.close();  // the session's end releases it too
    }
}

} // namespace passway
