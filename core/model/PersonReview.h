#pragma once

#include <cstdint>
#include <string>

namespace passway {

// A change of a person that a terminal sent and the site has not accepted
// yet: a person the host does not know, a role raised to admin, or a card
// added (plugin.<id>.person_intake = review, the default). Nothing of it is
// in the persons table until an operator accepts it.
struct PersonReview {
    std::int64_t id = 0;
    std::int64_t deviceId = 0;
    std::uint32_t userId = 0;
    std::string reasons;           // comma-separated: new_person, role_admin, new_card
    std::string proposed;          // the person as it would be saved (PersonSnapshot JSON)
    std::int64_t baseVersion = 0;  // the stored person's version when the terminal sent it (0: none)
    std::string state = "pending"; // pending | accepted | rejected
    std::int64_t createdAt = 0;
    std::int64_t decidedAt = 0;
    std::string decidedBy;
};

} // namespace passway
