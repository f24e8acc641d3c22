#pragma once

#include "passway/model/Person.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace passway {

// What a site accepts of the persons its terminals report (a terminal that
// enrolls someone locally, a registration result).
enum class PersonIntakePolicy {
    Ignore,      // acknowledge, store nothing
    CreateOnly,  // persons the host does not know are created; known ones stay as they are
    Upsert,      // created, or updated with what the terminal sent
    // Upsert of what an operator's command asked the terminal for (a
    // registration result that a command waited for): never held for review.
    Requested,
};
// Besides the policy, the site's plugin.<id>.person_intake (host-side, so a
// plugin cannot forget it): `review` (default) holds a person the host does
// not know, a role raised to admin or a card added, for an operator to
// accept or reject (IntakeOutcome.held); `accept` stores them under the
// policy.

// Persons: read, and the intake of persons terminals report. Throws
// HostError (Unavailable) when the store cannot answer, (Conflict) when an
// intake breaks a rule (a card another person holds).
class PersonService {
public:
    virtual ~PersonService() = default;

    virtual std::optional<Person> find(std::uint32_t userId) = 0;
    virtual std::optional<Person> findByCredential(const std::string& kind, const std::string& value) = 0;
    // How many records with result "pass" the person has (open-times limits).
    virtual std::int64_t passCount(std::uint32_t userId) = 0;

    struct IntakeOutcome {
        bool stored = false;
        std::optional<Person> person;  // as stored (or as found, when nothing was stored)
        std::string note;              // why nothing was stored
        std::int64_t reviewId = 0;     // held for review: the review's id (nothing stored)
    };
    // A person as terminal `deviceId` reported it: `merge` applies what it
    // sent onto the stored person (or a new one, who gets the device's
    // access groups so that it is served there). Saved under `policy`; the
    // device's sync ledger then holds the saved version, so it is not sent
    // back where it came from; person.changed goes out for the others.
    virtual IntakeOutcome intake(std::int64_t deviceId, std::uint32_t userId,
                                 const std::function<void(Person&)>& merge, PersonIntakePolicy policy) = 0;
};

} // namespace passway
