#pragma once

#include <stdexcept>
#include <string>

namespace passway {

// Raised by any Store implementation. `conflict` marks a uniqueness or
// foreign-key violation the caller can report as such (HTTP 409).
class StoreError : public std::runtime_error {
public:
    explicit StoreError(const std::string& message, bool conflict = false)
        : std::runtime_error(message), conflict_(conflict) {}
    bool conflict() const { return conflict_; }

private:
    bool conflict_;
};

} // namespace passway
