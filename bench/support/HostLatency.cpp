#include "HostLatency.h"

#include <sstream>

namespace passway::bench {

HostLatency HostLatency::parse(const std::string& metricsText, const std::string& listener) {
    HostLatency out;
    const std::string prefix =
        "passway_http_request_duration_seconds_bucket{listener=\"" + listener + "\",le=\"";
    std::istringstream lines(metricsText);
    for (std::string line; std::getline(lines, line);) {
        if (line.compare(0, prefix.size(), prefix) != 0) continue;
        const auto quote = line.find('"', prefix.size());
        const auto space = line.rfind(' ');
        if (quote == std::string::npos || space == std::string::npos) continue;
        const std::string bound = line.substr(prefix.size(), quote - prefix.size());
        if (bound != "+Inf") out.bounds_.push_back(std::stod(bound));
        out.counts_.push_back(std::stoull(line.substr(space + 1)));
    }
    if (out.counts_.size() != out.bounds_.size() + 1) return {};
    return out;
}

HostLatency HostLatency::since(const HostLatency& earlier) const {
    HostLatency out = *this;
    if (earlier.counts_.size() != counts_.size()) return out;
    for (std::size_t i = 0; i < counts_.size(); ++i) out.counts_[i] -= earlier.counts_[i];
    return out;
}

double HostLatency::percentileMs(double percent) const {
    if (count() == 0) return -1;
    const double rank = percent / 100.0 * static_cast<double>(count());
    for (std::size_t i = 0; i < bounds_.size(); ++i) {
        if (static_cast<double>(counts_[i]) < rank) continue;
        const double lower = i == 0 ? 0.0 : bounds_[i - 1];
        const double below = i == 0 ? 0.0 : static_cast<double>(counts_[i - 1]);
        const double inBucket = static_cast<double>(counts_[i]) - below;
        const double fraction = inBucket > 0 ? (rank - below) / inBucket : 1.0;
        return 1000.0 * (lower + (bounds_[i] - lower) * fraction);
    }
    return 1000.0 * (bounds_.empty() ? 0.0 : bounds_.back());  // in +Inf: at least the last bound
}

}  // namespace passway::bench
