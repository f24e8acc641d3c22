#include "util/Histogram.h"

#include <algorithm>
#include <cmath>

namespace passway {

Histogram::Histogram(std::vector<double> bounds)
    : bounds_([&] {
          std::sort(bounds.begin(), bounds.end());
          bounds.erase(std::unique(bounds.begin(), bounds.end()), bounds.end());
          return std::move(bounds);
      }()),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double value) {
    const auto bucket = std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin();
    counts_[static_cast<std::size_t>(bucket)].fetch_add(1, std::memory_order_relaxed);
    if (value > 0) sumMillionths_.fetch_add(static_cast<std::uint64_t>(std::llround(value * 1e6)), std::memory_order_relaxed);
}

std::vector<std::uint64_t> Histogram::cumulative() const {
    std::vector<std::uint64_t> out(bounds_.size() + 1);
    std::uint64_t running = 0;
    for (std::size_t i = 0; i < out.size(); ++i) {
        running += counts_[i].load(std::memory_order_relaxed);
        out[i] = running;
    }
    return out;
}

double Histogram::sum() const { return static_cast<double>(sumMillionths_.load(std::memory_order_relaxed)) / 1e6; }

} // namespace passway
