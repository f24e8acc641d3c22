#include "store/sql/SqlSettingRepository.h"

#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

namespace {

template <typename Statement>
StoredSetting rowToSetting(Statement& row) {
    StoredSetting s;
    s.key = row.text(0);
    s.value = row.text(1);
    s.updatedAt = row.int64(2);
    s.updatedBy = row.text(3);
    return s;
}

} // namespace

template <typename Sql>
std::vector<StoredSetting> SqlSettingRepository<Sql>::list() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT key, value, updated_at, updated_by FROM runtime_settings ORDER BY key");
    std::vector<StoredSetting> out;
    while (row.step()) out.push_back(rowToSetting(row));
    return out;
}

template <typename Sql>
std::optional<StoredSetting> SqlSettingRepository<Sql>::find(const std::string& key) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT key, value, updated_at, updated_by FROM runtime_settings WHERE key = ?");
    row.bind(1, key);
    if (!row.step()) return std::nullopt;
    return rowToSetting(row);
}

template <typename Sql>
void SqlSettingRepository<Sql>::put(const StoredSetting& setting) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO runtime_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by")
        .bindAll(setting.key, setting.value, setting.updatedAt, setting.updatedBy)
        .run();
}

template <typename Sql>
bool SqlSettingRepository<Sql>::remove(const std::string& key) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM runtime_settings WHERE key = ?").bind(1, key).run();
    return db_.changes() > 0;
}

template class SqlSettingRepository<SqliteDialect>;
template class SqlSettingRepository<PgDialect>;

} // namespace passway
