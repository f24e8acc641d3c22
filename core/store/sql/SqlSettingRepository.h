#pragma once

#include "store/SettingRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlSettingRepository : public SettingRepository {
public:
    explicit SqlSettingRepository(typename Sql::Database& db) : db_(db) {}

    std::vector<StoredSetting> list() override;
    std::optional<StoredSetting> find(const std::string& key) override;
    void put(const StoredSetting& setting) override;
    bool remove(const std::string& key) override;

private:
    typename Sql::Database& db_;
};

} // namespace passway
