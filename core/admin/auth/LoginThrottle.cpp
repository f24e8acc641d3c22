#include "admin/auth/LoginThrottle.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace passway::admin {

LoginThrottleOptions LoginThrottleOptions::read(const Poco::Util::AbstractConfiguration& config) {
    LoginThrottleOptions o;
    auto positive = [&](const char* key, long long fallback) {
        return std::max<long long>(1, config.getInt64(key, fallback));
    };
    o.userFailures = static_cast<int>(positive("auth.throttle.user_failures", o.userFailures));
    o.sourceFailures = static_cast<int>(positive("auth.throttle.source_failures", o.sourceFailures));
    o.window = std::chrono::seconds(positive("auth.throttle.window_s", o.window.count()));
    o.lockout = std::chrono::seconds(positive("auth.throttle.lockout_s", o.lockout.count()));
    o.maxLockout = std::chrono::seconds(positive("auth.throttle.lockout_max_s", o.maxLockout.count()));
    return o;
}

LoginThrottle::LoginThrottle(const Clock& clock, LoginThrottleOptions options)
    : clock_(clock), options_(options) {}

std::int64_t LoginThrottle::remainingMs(const Key& key, std::int64_t now) const {
    const auto it = states_.find(key);
    return it == states_.end() ? 0 : std::max<std::int64_t>(0, it->second.lockedUntil - now);
}

std::int64_t LoginThrottle::retryAfterSeconds(const std::string& username, const std::string& source) const {
    std::lock_guard lock(mutex_);
    const std::int64_t now = clock_.nowMillis();
    const std::int64_t ms =
        std::max(remainingMs({Kind::User, username}, now), remainingMs({Kind::Source, source}, now));
    return (ms + 999) / 1000;  // whole seconds, rounded up: retrying at that second succeeds
}

std::vector<LoginThrottle::Lockout> LoginThrottle::failed(const std::string& username, const std::string& source) {
    std::lock_guard lock(mutex_);
    const std::int64_t now = clock_.nowMillis();
    std::vector<Lockout> locked;
    if (auto l = count({Kind::User, username}, options_.userFailures, now)) locked.push_back(*l);
    if (auto l = count({Kind::Source, source}, options_.sourceFailures, now)) locked.push_back(*l);
    return locked;
}

std::optional<LoginThrottle::Lockout> LoginThrottle::count(const Key& key, int limit, std::int64_t now) {
    if (!states_.count(key)) makeRoom(now);
    State& s = states_[key];
    const std::int64_t windowMs = options_.window.count() * 1000;
    if (s.failures == 0 || now - s.windowStart >= windowMs) {
        s.failures = 0;
        s.windowStart = now;
    }
    // A quiet key starts its doubling again.
    if (s.lockouts > 0 && now - std::max(s.lastFailure, s.lockedUntil) >= options_.maxLockout.count() * 1000) {
        s.lockouts = 0;
    }
    s.lastFailure = now;
    if (++s.failures < limit) return std::nullopt;

    // The n-th lockout in a row lasts lockout * 2^(n-1), capped.
    const int doublings = std::min(s.lockouts, 30);
    const std::int64_t base = options_.lockout.count() * 1000;
    const std::int64_t cap = options_.maxLockout.count() * 1000;
    const std::int64_t duration = std::min(cap, doublings >= 30 ? cap : base << doublings);
    ++s.lockouts;
    s.failures = 0;
    s.lockedUntil = now + duration;
    return Lockout{key.first, key.second, limit, s.lockouts, s.lockedUntil};
}

void LoginThrottle::succeeded(const std::string& username) {
    std::lock_guard lock(mutex_);
    states_.erase({Kind::User, username});
}

std::vector<LoginThrottle::Lockout> LoginThrottle::locked() const {
    std::lock_guard lock(mutex_);
    const std::int64_t now = clock_.nowMillis();
    std::vector<Lockout> out;
    for (const auto& [key, s] : states_) {
        if (s.lockedUntil > now) out.push_back(Lockout{key.first, key.second, s.failures, s.lockouts, s.lockedUntil});
    }
    return out;
}

bool LoginThrottle::lift(Kind kind, const std::string& subject) {
    std::lock_guard lock(mutex_);
    return states_.erase({kind, subject}) > 0;
}

bool LoginThrottle::forgettable(const State& s, std::int64_t now) const {
    return s.lockedUntil <= now && now - s.lastFailure >= options_.maxLockout.count() * 1000;
}

// Called before a new key is added. Forgets quiet keys first; when the table
// is still full, the unlocked key whose last failure is oldest goes, and only
// when every key is locked the one whose lockout ends first (memory stays
// bounded even under a spray from many addresses).
void LoginThrottle::makeRoom(std::int64_t now) {
    if (states_.size() < options_.maxTracked) return;
    std::erase_if(states_, [&](const auto& entry) { return forgettable(entry.second, now); });
    while (!states_.empty() && states_.size() >= options_.maxTracked) {
        auto victim = states_.begin();
        auto rank = [now](const State& s) {
            return std::pair(s.lockedUntil > now, s.lockedUntil > now ? s.lockedUntil : s.lastFailure);
        };
        for (auto it = states_.begin(); it != states_.end(); ++it) {
            if (rank(it->second) < rank(victim->second)) victim = it;
        }
        states_.erase(victim);
    }
}

const char* LoginThrottle::toString(Kind kind) { return kind == Kind::User ? "user" : "source"; }

std::optional<LoginThrottle::Kind> LoginThrottle::parseKind(const std::string& text) {
    if (text == "user") return Kind::User;
    if (text == "source") return Kind::Source;
    return std::nullopt;
}

} // namespace passway::admin
