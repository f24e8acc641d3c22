#include "net/LimitLog.h"

#include "util/Metrics.h"

#include <Poco/Logger.h>

namespace passway::net {

namespace {
constexpr std::chrono::minutes kQuietFor{1};
constexpr std::size_t kMaxRemembered = 10000;  // sources; beyond, the oldest minute is forgotten early
}

LimitLog::LimitLog(std::string listener, Metrics* metrics)
    : listener_(std::move(listener)), metrics_(metrics), logger_(Poco::Logger::get("net")) {}

void LimitLog::hit(const std::string& limit, const std::string& source, const std::string& detail) {
    if (metrics_) {
        metrics_->counter("passway_net_limit_total", "Connections or requests stopped by a network limit",
                          "listener=\"" + listener_ + "\",limit=\"" + limit + "\"")
            .fetch_add(1, std::memory_order_relaxed);
    }
    const auto now = std::chrono::steady_clock::now();
    {
        std::lock_guard lock(mutex_);
        auto& last = lastLogged_[{limit, source}];
        if (last.time_since_epoch().count() != 0 && now - last < kQuietFor) return;
        last = now;
        if (lastLogged_.size() > kMaxRemembered) {
            std::erase_if(lastLogged_, [&](const auto& entry) { return now - entry.second >= kQuietFor; });
        }
    }
    logger_.warning(listener_ + ": " + limit + " reached by " + source + (detail.empty() ? "" : " (" + detail + ")") +
                    "; further ones from this source are counted, not logged, for a minute");
}

} // namespace passway::net
