#include "store/sql/SqlKeyValueRepository.h"

#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"
#include "passway/Clock.h"

namespace passway {

template <typename Sql>
std::optional<std::string> SqlKeyValueRepository<Sql>::get(const std::string& key) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT value FROM kv WHERE key = ?");
    row.bind(1, key);
    if (!row.step()) return std::nullopt;
    return row.blob(0);
}

template <typename Sql>
void SqlKeyValueRepository<Sql>::set(const std::string& key, const std::string& value) {
    auto lock = db_.lock();
    auto set = db_.prepare("INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at");
    set.bindAll(key, value, nowMillis());
    Sql::bindBytes(set, 2, value);
    set.run();
}

template <typename Sql>
std::string SqlKeyValueRepository<Sql>::setIfAbsent(const std::string& key, const std::string& value) {
    auto lock = db_.lock();
    // Insert and read back in one write transaction: another process sharing
    // the file (a second passwayd by mistake) cannot slip in between, so both
    // callers end up with the same value.
    typename Sql::Transaction transaction(db_);
    {
        auto insert = db_.prepare("INSERT INTO kv (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING");
        insert.bindAll(key, value, nowMillis());
        Sql::bindBytes(insert, 2, value);
        insert.run();
    }
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

template <typename Sql>
bool SqlKeyValueRepository<Sql>::remove(const std::string& key) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM kv WHERE key = ?").bind(1, key).run();
    return db_.changes() > 0;
}

template class SqlKeyValueRepository<SqliteDialect>;
template class SqlKeyValueRepository<PgDialect>;

} // namespace passway
