#pragma once

#include <cstdint>

namespace passway {

// Runs a bound `INSERT ... RETURNING id` (either database) and gives the id.
// It reads the statement to its end, so that on SQLite no write statement is
// still in progress when the caller's transaction commits. Pass the
// statement as a temporary to have it given back at once:
//   const auto id = insertedId(db_.prepare("INSERT ... RETURNING id").bindAll(...));
template <typename Statement>
std::int64_t insertedId(Statement& insert) {
    insert.step();
    const std::int64_t id = insert.int64(0);
    while (insert.step()) {
    }
    return id;
}

} // namespace passway
