#pragma once

#include "store/SettingRepository.h"

namespace passway {

class SqliteDatabase;

class SqliteSettingRepository : public SettingRepository {
public:
    explicit SqliteSettingRepository(SqliteDatabase& db) : db_(db) {}

    std::vector<StoredSetting> list() override;
    std::optional<StoredSetting> find(const std::string& key) override;
    void put(const StoredSetting& setting) override;
    bool remove(const std::string& key) override;

private:
    SqliteDatabase& db_;
};

} // namespace passway
