#pragma once

#include "model/PersonReview.h"

#include <optional>
#include <string>
#include <vector>

namespace passway {

// Person changes from terminals that wait for an operator (PersonReview).
class PersonReviewRepository {
public:
    virtual ~PersonReviewRepository() = default;

    // Holds a change. A pending review of the same device and person is
    // replaced (the terminal's latest word), so a terminal that pushes again
    // and again fills no list. Returns the review as stored.
    virtual PersonReview hold(const PersonReview& review) = 0;
    virtual std::optional<PersonReview> find(std::int64_t id) = 0;
    // Newest first; `state` empty: all.
    virtual std::vector<PersonReview> list(const std::string& state, int offset, int limit) = 0;
    virtual std::int64_t count(const std::string& state) = 0;
    // pending → accepted | rejected; false when it was not pending.
    virtual bool decide(std::int64_t id, const std::string& state, const std::string& by) = 0;
};

} // namespace passway
