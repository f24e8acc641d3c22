#pragma once

// The payloads a running passwayd journaled under one topic, read from its
// SQLite file (WAL: a reader beside the writer sees what was committed).
// Events have no admin route of their own but the live stream; the journal
// is where scripts read them, so that is what the protocol tests check.

#include <sqlite3.h>

#include <string>
#include <vector>

namespace passway::test {

inline std::vector<std::string> journalPayloads(const std::string& databasePath, const std::string& topic) {
    std::vector<std::string> payloads;
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(databasePath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return payloads;
    }
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "SELECT payload FROM journal WHERE topic = ? ORDER BY seq", -1, &statement, nullptr) ==
        SQLITE_OK) {
        sqlite3_bind_text(statement, 1, topic.c_str(), -1, SQLITE_TRANSIENT);
        while (sqlite3_step(statement) == SQLITE_ROW) {
            payloads.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
        }
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return payloads;
}

}  // namespace passway::test
