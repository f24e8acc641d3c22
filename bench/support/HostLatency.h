#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace passway::bench {

// A listener's request durations as the host measured them
// (passway_http_request_duration_seconds in /metrics): what passed between
// two scrapes, and its percentiles. Beside the load generator's own
// latencies it tells the host's time from the time the generator's threads
// waited for a core.
class HostLatency {
public:
    // The listener's buckets in a /metrics text; empty when it has none.
    static HostLatency parse(const std::string& metricsText, const std::string& listener);

    HostLatency since(const HostLatency& earlier) const;
    std::uint64_t count() const { return counts_.empty() ? 0 : counts_.back(); }
    // In milliseconds, interpolated within its bucket as Prometheus'
    // histogram_quantile does; -1 when nothing was counted.
    double percentileMs(double percent) const;

private:
    std::vector<double> bounds_;          // seconds, ascending, without +Inf
    std::vector<std::uint64_t> counts_;   // cumulative, +Inf last
};

}  // namespace passway::bench
