#pragma once

#include <optional>
#include <string>

namespace passway {

class Store;

// The first admin user of a fresh installation. Passway ships no default
// password: the site either configures one or gets a random one, shown once.
class AdminBootstrap {
public:
    // When no user with role admin exists, creates user `admin` with
    // `configuredPassword`, or — when that is empty — with a random readable
    // password (at least 16 characters) which it returns so the caller can
    // print it once. Returns nullopt when an admin already existed or the
    // configured password was used. Never logs a password.
    static std::optional<std::string> ensureFirstAdmin(Store& store, const std::string& configuredPassword);

    // A random password of 4 groups of 5 characters (a-z, 2-9, without look-alikes
    // such as l/1 and o/0), e.g. "k7mxp-3qzrt-9wfhd-a4nce": about 100 bits.
    static std::string randomPassword();
};

} // namespace passway
