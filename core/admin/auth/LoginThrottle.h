#pragma once

#include "admin/auth/LoginThrottleOptions.h"
#include "passway/Clock.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace passway::admin {

// Slows down password guessing at the login route. Failures are counted per
// username and per client address; a key with too many failures within the
// window is locked for a while, longer (doubling) at each lockout, and while
// it is locked even the right password is refused, so a guesser learns
// nothing from the answer. An admin can lift a lockout. State is in memory:
// a restart forgets it, which costs a guesser a restart of a service it
// cannot restart.
//
// Thread-safe; time comes from the injected clock so tests move it.
class LoginThrottle {
public:
    enum class Kind { User, Source };

    struct Lockout {
        Kind kind = Kind::User;
        std::string subject;             // the username or the client address
        int failures = 0;                // failures in the current window
        int lockouts = 0;                // lockouts in a row (the next one doubles)
        std::int64_t lockedUntil = 0;    // unix ms
    };

    LoginThrottle(const Clock& clock, LoginThrottleOptions options);

    // Seconds until an attempt for this username from this address may be
    // made (the larger of the two), 0 when it may be made now.
    std::int64_t retryAfterSeconds(const std::string& username, const std::string& source) const;
    // A failed attempt; returns the keys that this failure locked.
    std::vector<Lockout> failed(const std::string& username, const std::string& source);
    // A successful login clears the username's count and lockout history
    // (not the address's: one valid account must not reset a spray).
    void succeeded(const std::string& username);

    // Keys locked now, for the admin page.
    std::vector<Lockout> locked() const;
    // Lifts a lockout and forgets the key's failures; false when the key is unknown.
    bool lift(Kind kind, const std::string& subject);

    static const char* toString(Kind kind);
    static std::optional<Kind> parseKind(const std::string& text);

private:
    struct State {
        int failures = 0;
        std::int64_t windowStart = 0;
        std::int64_t lastFailure = 0;
        int lockouts = 0;
        std::int64_t lockedUntil = 0;
    };
    using Key = std::pair<Kind, std::string>;

    std::int64_t remainingMs(const Key& key, std::int64_t now) const;
    std::optional<Lockout> count(const Key& key, int limit, std::int64_t now);
    void makeRoom(std::int64_t now);
    bool forgettable(const State& state, std::int64_t now) const;

    const Clock& clock_;
    LoginThrottleOptions options_;
    mutable std::mutex mutex_;
    std::map<Key, State> states_;
};

} // namespace passway::admin
