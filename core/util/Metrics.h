#pragma once

#include "util/Histogram.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace passway {

// Counters and gauges rendered in the Prometheus text format at /metrics.
// Counters are created once and then bumped lock-free; gauges are read from a
// callback at render time so they never go stale.
class Metrics {
public:
    using Counter = std::atomic<std::uint64_t>;

    // Returns the counter with this name (and label set), creating it once.
    // `labels` is the Prometheus label text without braces, e.g. `code="200"`.
    Counter& counter(const std::string& name, const std::string& help, const std::string& labels = "");
    void gauge(const std::string& name, const std::string& help, std::function<double()> read);
    // A gauge with one series per label set, all read at render time
    // (e.g. one per durable subscriber: `subscriber="script:payroll"`).
    using Series = std::vector<std::pair<std::string, double>>;  // label text, value
    void gaugeFamily(const std::string& name, const std::string& help, std::function<Series()> read);
    // Returns the histogram with this name and label set, creating it once
    // with these bucket bounds (a later call's bounds are ignored).
    Histogram& histogram(const std::string& name, const std::string& help, const std::string& labels,
                         std::vector<double> bounds);
    void removeGauge(const std::string& name);
    std::string render() const;

private:
    struct Family {
        std::string help;
        bool isCounter = true;
        std::map<std::string, std::unique_ptr<Counter>> series;  // by label text
        std::map<std::string, std::unique_ptr<Histogram>> histograms;  // by label text; a histogram family
        std::function<double()> read;
        std::function<Series()> readAll;
    };
    mutable std::mutex mutex_;
    std::map<std::string, Family> families_;
};

} // namespace passway
