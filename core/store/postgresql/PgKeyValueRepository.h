#pragma once

#include "store/KeyValueRepository.h"

namespace passway {

class PgDatabase;

class PgKeyValueRepository : public KeyValueRepository {
public:
    explicit PgKeyValueRepository(PgDatabase& db) : db_(db) {}

    std::optional<std::string> get(const std::string& key) override;
    void set(const std::string& key, const std::string& value) override;
    std::string setIfAbsent(const std::string& key, const std::string& value) override;
    bool remove(const std::string& key) override;

private:
    PgDatabase& db_;
};

} // namespace passway
