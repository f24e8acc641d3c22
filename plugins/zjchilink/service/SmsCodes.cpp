#include "service/SmsCodes.h"

#include <openssl/rand.h>

#include <stdexcept>

namespace passway::zjchilink {

std::string SmsCodes::issue(const std::string& purpose, const std::string& phone, std::int64_t nowMs) {
    std::lock_guard lock(mutex_);
    const std::string key = purpose + ":" + phone;
    const auto found = codes_.find(key);
    if (found != codes_.end() && nowMs - found->second.issuedMs < intervalMs_) return {};
    unsigned char bytes[4];
    if (RAND_bytes(bytes, sizeof bytes) != 1) throw std::runtime_error("no random bytes");
    const std::uint32_t n = (std::uint32_t(bytes[0]) << 24 | std::uint32_t(bytes[1]) << 16 |
                             std::uint32_t(bytes[2]) << 8 | bytes[3]) % 1000000;
    std::string code = std::to_string(n);
    code.insert(0, 6 - code.size(), '0');
    codes_[key] = Entry{code, nowMs, 0};
    // Drop what expired, so the map stays the size of the codes in flight.
    for (auto it = codes_.begin(); it != codes_.end();) {
        it = nowMs - it->second.issuedMs > ttlMs_ + intervalMs_ ? codes_.erase(it) : std::next(it);
    }
    return code;
}

void SmsCodes::withdraw(const std::string& purpose, const std::string& phone) {
    std::lock_guard lock(mutex_);
    codes_.erase(purpose + ":" + phone);
}

bool SmsCodes::consume(const std::string& purpose, const std::string& phone, const std::string& code,
                       std::int64_t nowMs) {
    std::lock_guard lock(mutex_);
    const auto found = codes_.find(purpose + ":" + phone);
    if (found == codes_.end()) return false;
    Entry& e = found->second;
    if (nowMs - e.issuedMs > ttlMs_) {
        codes_.erase(found);
        return false;
    }
    if (code.empty() || code != e.code) {
        if (++e.wrongTries >= 5) codes_.erase(found);
        return false;
    }
    codes_.erase(found);
    return true;
}

}  // namespace passway::zjchilink
