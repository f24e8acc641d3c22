#pragma once

#include <chrono>
#include <cstddef>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway::admin {

// The `auth.throttle.*` keys (README, Auth).
struct LoginThrottleOptions {
    int userFailures = 10;                  // wrong passwords for one username within `window`, then locked
    int sourceFailures = 30;                // failed logins from one client address within `window`, then locked
    std::chrono::seconds window{60};
    std::chrono::seconds lockout{60};       // the first lockout; each next one of the same key doubles
    std::chrono::seconds maxLockout{3600};  // the doubling stops here
    std::size_t maxTracked = 10000;         // keys remembered at most (a spray of made-up names cannot grow memory)

    static LoginThrottleOptions read(const Poco::Util::AbstractConfiguration& config);
};

} // namespace passway::admin
