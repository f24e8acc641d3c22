#include "store/sqlite/SqliteSettingRepository.h"

#include "store/sqlite/SqliteDatabase.h"

namespace passway {

namespace {

StoredSetting rowToSetting(SqliteStatement& row) {
    StoredSetting s;
    s.key = row.text(0);
    s.value = row.text(1);
    s.updatedAt = row.int64(2);
    s.updatedBy = row.text(3);
    return s;
}

} // namespace

std::vector<StoredSetting> SqliteSettingRepository::list() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT key, value, updated_at, updated_by FROM runtime_settings ORDER BY key");
    std::vector<StoredSetting> out;
    while (row.step()) out.push_back(rowToSetting(row));
    return out;
}

std::optional<StoredSetting> SqliteSettingRepository::find(const std::string& key) {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT key, value, updated_at, updated_by FROM runtime_settings WHERE key = ?");
    row.bind(1, key);
    if (!row.step()) return std::nullopt;
    return rowToSetting(row);
}

void SqliteSettingRepository::put(const StoredSetting& setting) {
    auto lock = db_.lock();
    db_.prepare("INSERT INTO runtime_settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, "
                "updated_by = excluded.updated_by")
        .bindAll(setting.key, setting.value, setting.updatedAt, setting.updatedBy)
        .run();
}

bool SqliteSettingRepository::remove(const std::string& key) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM runtime_settings WHERE key = ?").bind(1, key).run();
    return db_.changes() > 0;
}

} // namespace passway
