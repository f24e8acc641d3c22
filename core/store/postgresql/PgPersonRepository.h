#pragma once

#include "store/PersonRepository.h"

namespace passway {

class PgDatabase;
class PgStatement;

class PgPersonRepository : public PersonRepository {
public:
    explicit PgPersonRepository(PgDatabase& db) : db_(db) {}

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
    Person readRow(PgStatement& row);
    void loadDetails(Person& person);
    std::uint32_t nextFreeIdLocked();
    void checkCardsFree(const Person& person);
    void writeDetails(const Person& person);

    PgDatabase& db_;
};

} // namespace passway
