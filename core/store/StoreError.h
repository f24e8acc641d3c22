#pragma once

#include <stdexcept>
#include <string>

namespace passway {

// Raised by any Store implementation. `conflict` marks a uniqueness or
// foreign-key violation the caller can report as such (HTTP 409).
//
// A repository's own message ("card 123 is already held by person 7") is
// written for people. One made from the database engine's text
// (fromDatabase(): table, index and SQL names) is for the log only; callers
// that answer a client use publicMessage(), which replaces it.
class StoreError : public std::runtime_error {
public:
    explicit StoreError(const std::string& message, bool conflict = false)
        : std::runtime_error(message), conflict_(conflict) {}

    static StoreError fromDatabase(const std::string& message, bool conflict) {
        StoreError e(message, conflict);
        e.internal_ = true;
        return e;
    }

    bool conflict() const { return conflict_; }
    // The message, or for database text a description without internals.
    std::string publicMessage() const {
        if (!internal_) return what();
        return conflict_ ? "the change conflicts with stored data (a value that must be unique is taken, or a "
                           "record it refers to is missing)"
                         : "the store failed; see the server log";
    }

private:
    bool conflict_;
    bool internal_ = false;
};

} // namespace passway
