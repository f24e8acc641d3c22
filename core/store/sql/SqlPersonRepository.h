#pragma once

#include "store/PersonRepository.h"

namespace passway {

// One implementation for both databases: Sql is SqliteDialect or PgDialect,
// the two instantiations are in the .cpp.
template <typename Sql>
class SqlPersonRepository : public PersonRepository {
public:
    explicit SqlPersonRepository(typename Sql::Database& db) : db_(db) {}

    Person save(const Person& person) override;
    std::optional<Person> find(std::uint32_t userId) override;
    std::optional<Person> findByCredential(const std::string& kind, const std::string& value) override;
    Page<Person> list(const PersonQuery& query) override;
    std::vector<Person> inAccessGroups(const std::vector<std::string>& groups) override;
    bool remove(std::uint32_t userId) override;
    std::int64_t count() override;

private:
    // The *Locked helpers expect the caller to hold the database lock.
    std::optional<Person> findLocked(std::uint32_t userId);
    Person readRow(typename Sql::Statement& row);
    void loadDetails(Person& person);
    std::uint32_t nextFreeIdLocked();
    void checkCardsFree(const Person& person);
    void writeDetails(const Person& person);

    typename Sql::Database& db_;
};

} // namespace passway
