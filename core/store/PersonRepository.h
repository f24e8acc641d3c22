#pragma once

#include "model/Page.h"
#include "passway/model/Person.h"

#include <optional>

namespace passway {

class PersonRepository {
public:
    virtual ~PersonRepository() = default;

    // Inserts or replaces the person with `person.userId` (0: the store picks
    // the next free id), credentials included. Bumps `version`; returns the
    // person as stored. Throws StoreError on a constraint violation (e.g. a card
    // number another person already holds).
    virtual Person save(const Person& person) = 0;
    virtual std::optional<Person> find(std::uint32_t userId) = 0;
    virtual std::optional<Person> findByCredential(const std::string& kind, const std::string& value) = 0;
    virtual Page<Person> list(const PersonQuery& query) = 0;
    // Persons in any of the groups (all persons when `groups` is empty).
    virtual std::vector<Person> inAccessGroups(const std::vector<std::string>& groups) = 0;
    virtual bool remove(std::uint32_t userId) = 0;
    virtual std::int64_t count() = 0;
};

} // namespace passway
