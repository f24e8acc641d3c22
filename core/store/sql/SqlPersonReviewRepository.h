#pragma once

#include "store/PersonReviewRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlPersonReviewRepository : public PersonReviewRepository {
public:
    explicit SqlPersonReviewRepository(typename Sql::Database& db) : db_(db) {}

    PersonReview hold(const PersonReview& review) override;
    std::optional<PersonReview> find(std::int64_t id) override;
    std::vector<PersonReview> list(const std::string& state, int offset, int limit) override;
    std::int64_t count(const std::string& state) override;
    bool decide(std::int64_t id, const std::string& state, const std::string& by) override;

private:
    std::optional<PersonReview> findLocked(std::int64_t id);

    typename Sql::Database& db_;
};

} // namespace passway
