#pragma once

#include <stdexcept>
#include <string>

namespace passway {

// Why a host service refused or failed. Plugins tell failures apart by
// kind(), never by the message, which is for people and logs.
class HostError : public std::runtime_error {
public:
    enum class Kind {
        Unavailable,  // the store cannot take it now; the terminal should try again later
        Conflict,     // a uniqueness rule (a card another person holds, ...)
        NotFound,     // no such device / command / person, or not this plugin's
        Invalid,      // the plugin passed something the host cannot use
    };

    HostError(Kind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
    Kind kind() const { return kind_; }

private:
    Kind kind_;
};

} // namespace passway
