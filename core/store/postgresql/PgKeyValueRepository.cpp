#include "store/postgresql/PgKeyValueRepository.h"

#include "store/postgresql/PgDatabase.h"
#include "store/postgresql/PgTransaction.h"
#include "passway/Clock.h"

namespace passway {

std::optional<std::string> PgKeyValueRepository::get(const std::string& key) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT value FROM kv WHERE key = ?");
    row.bind(1, key);
    if (!row.step()) return std::nullopt;
    return row.blob(0);
}

void PgKeyValueRepository::set(const std::string& key, const std::string& value) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at")
        .bindAll(key, value, nowMillis())
        .bindBlob(2, value)
        .run();
}

std::string PgKeyValueRepository::setIfAbsent(const std::string& key, const std::string& value) {
    auto lock = db_.lock();
    // Insert and read back in one write transaction: another process sharing
    // the file (a second passwayd by mistake) cannot slip in between, so both
    // callers end up with the same value.
    PgTransaction transaction(db_);
    db_.prepare("INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING")
        .bindAll(key, value, nowMillis())
        .bindBlob(2, value)
        .run();
    std::string stored;
    {
        auto row = db_.prepare("SELECT value FROM kv WHERE key = ?");
        row.bind(1, key);
        row.step();
        stored = row.blob(0);
    }
    transaction.commit();
    return stored;
}

bool PgKeyValueRepository::remove(const std::string& key) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM kv WHERE key = ?").bind(1, key).run();
    return db_.changes() > 0;
}

} // namespace passway
