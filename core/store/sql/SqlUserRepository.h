#pragma once

#include "store/UserRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlUserRepository : public UserRepository {
public:
    explicit SqlUserRepository(typename Sql::Database& db) : db_(db) {}

    AdminUser create(const AdminUser& user) override;
    std::optional<AdminUser> find(std::int64_t id) override;
    std::optional<AdminUser> findByName(const std::string& username) override;
    std::vector<AdminUser> list() override;
    bool update(const AdminUser& user) override;
    bool remove(std::int64_t id) override;
    std::int64_t count() override;

private:
    std::optional<AdminUser> findLocked(std::int64_t id);

    typename Sql::Database& db_;
};

} // namespace passway
