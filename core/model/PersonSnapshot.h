#pragma once

#include "passway/model/Person.h"

#include <optional>
#include <string>

namespace passway {

// A whole person as JSON text, secrets included (a held review keeps the
// password a terminal sent): for the store only, never for an answer.
// version, createdAt and updatedAt are left out; the store sets them.
class PersonSnapshot {
public:
    static std::string write(const Person& person);
    // nullopt when the text is not such a snapshot.
    static std::optional<Person> read(const std::string& text);
};

} // namespace passway
