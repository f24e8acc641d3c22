#pragma once

#include "store/KeyValueRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlKeyValueRepository : public KeyValueRepository {
public:
    explicit SqlKeyValueRepository(typename Sql::Database& db) : db_(db) {}

    std::optional<std::string> get(const std::string& key) override;
    void set(const std::string& key, const std::string& value) override;
    std::string setIfAbsent(const std::string& key, const std::string& value) override;
    bool remove(const std::string& key) override;

private:
    typename Sql::Database& db_;
};

} // namespace passway
