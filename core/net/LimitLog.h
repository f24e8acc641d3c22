#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace Poco {
class Logger;
}

namespace passway {
class Metrics;
}

namespace passway::net {

// Reaching a limit is normal under attack and frequent then: each one is
// counted in /metrics (passway_net_limit_total{listener,limit}) every time,
// but logged once per source address and limit per minute, so a flood cannot
// flood the log too.
class LimitLog {
public:
    LimitLog(std::string listener, Metrics* metrics);
    void hit(const std::string& limit, const std::string& source, const std::string& detail = "");

private:
    const std::string listener_;
    Metrics* metrics_;
    Poco::Logger& logger_;
    std::mutex mutex_;
    std::map<std::pair<std::string, std::string>, std::chrono::steady_clock::time_point> lastLogged_;
};

} // namespace passway::net
