#pragma once

// The steps of SQLite's plan for a statement (EXPLAIN QUERY PLAN's detail
// column, in order), read from a store's database file: for the tests that
// a lookup searches an index instead of reading a table whole.

#include <sqlite3.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace passway::test {

inline std::vector<std::string> sqlitePlan(const std::string& databasePath, const std::string& sql) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(databasePath.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        throw std::runtime_error("cannot open " + databasePath);
    }
    sqlite3_stmt* plan = nullptr;
    if (sqlite3_prepare_v2(db, ("EXPLAIN QUERY PLAN " + sql).c_str(), -1, &plan, nullptr) != SQLITE_OK) {
        const std::string error = sqlite3_errmsg(db);
        sqlite3_close(db);
        throw std::runtime_error("cannot plan " + sql + ": " + error);
    }
    std::vector<std::string> steps;
    while (sqlite3_step(plan) == SQLITE_ROW) steps.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(plan, 3)));
    sqlite3_finalize(plan);
    sqlite3_close(db);
    return steps;
}

// A step that reads a whole table (SCAN t, SCAN t USING ... INDEX); the
// constant row of a SELECT without FROM is no table.
inline bool scansTable(const std::string& step) { return step.rfind("SCAN", 0) == 0 && step != "SCAN CONSTANT ROW"; }

} // namespace passway::test
