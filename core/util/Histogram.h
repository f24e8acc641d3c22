#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace passway {

// Observations counted into fixed buckets (upper bounds, ascending), lock-free,
// as a Prometheus histogram renders them: cumulative counts per bound, a
// +Inf bucket, a sum and a count.
class Histogram {
public:
    explicit Histogram(std::vector<double> bounds);

    void observe(double value);

    const std::vector<double>& bounds() const { return bounds_; }
    // Observations at or below each bound, then all of them (+Inf).
    std::vector<std::uint64_t> cumulative() const;
    double sum() const;

private:
    const std::vector<double> bounds_;
    std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // per bucket, +Inf last
    // The sum in millionths: an atomic double add is a compare-exchange loop.
    std::atomic<std::uint64_t> sumMillionths_{0};
};

} // namespace passway
