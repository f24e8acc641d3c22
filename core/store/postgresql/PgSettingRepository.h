#pragma once

#include "store/SettingRepository.h"

namespace passway {

class PgDatabase;

class PgSettingRepository : public SettingRepository {
public:
    explicit PgSettingRepository(PgDatabase& db) : db_(db) {}

    std::vector<StoredSetting> list() override;
    std::optional<StoredSetting> find(const std::string& key) override;
    void put(const StoredSetting& setting) override;
    bool remove(const std::string& key) override;

private:
    PgDatabase& db_;
};

} // namespace passway
