#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace passway::zjchilink {

// Verification codes sent by SMS: six digits per (purpose, phone), one per
// `interval` (a request within it is refused), valid for `ttl`, used once.
// Kept in memory only: a restart invalidates codes in flight, which costs a
// user one more request and keeps codes out of the store.
class SmsCodes {
public:
    SmsCodes(int intervalSeconds, int ttlSeconds) : intervalMs_(intervalSeconds * 1000LL), ttlMs_(ttlSeconds * 1000LL) {}

    // A fresh code, or empty when one was issued within the interval.
    std::string issue(const std::string& purpose, const std::string& phone, std::int64_t nowMs);
    // Takes back a code issue() handed out whose send failed (the interval does not hold then).
    void withdraw(const std::string& purpose, const std::string& phone);
    // True once for a matching code within its lifetime; a wrong code counts
    // against it (five wrong tries burn it).
    bool consume(const std::string& purpose, const std::string& phone, const std::string& code, std::int64_t nowMs);

private:
    struct Entry {
        std::string code;
        std::int64_t issuedMs = 0;
        int wrongTries = 0;
    };
    const std::int64_t intervalMs_, ttlMs_;
    std::mutex mutex_;
    std::map<std::string, Entry> codes_;
};

}  // namespace passway::zjchilink
