#pragma once

// Many idle terminals on a keepalive interval, spread evenly over it: slot k
// falls at start + k * interval / N and belongs to terminal k mod N. A few
// timer-driven workers take the slots in turn, so the load generator costs
// little next to the host it measures. An idle keepalive is one connection:
// connect, POST /Device/Keepalive (prebuilt, gzipped), read, disconnect. If
// the answer asks for anything, that terminal runs a full simulated session.

#include "RecordLoad.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passway::bench {

struct IdleOptions {
    std::uint16_t port = 0;
    int terminals = 10000;
    std::chrono::milliseconds interval{15000};
    int workers = 4;
    std::string snPrefix = "FC-IDLE";
};

struct IdleWindow {
    std::uint64_t keepalives = 0;
    std::uint64_t failed = 0;
    std::uint64_t sessions = 0;  // keepalives whose answer asked for work: a full session followed
    std::uint64_t late = 0;      // slots served more than one slot late
    double seconds = 0;
    LoadResult latency;  // of the keepalives
    std::string firstError;
};

class IdleFleet {
public:
    explicit IdleFleet(IdleOptions options);
    ~IdleFleet();

    std::string sn(int i) const;
    // A full first session for every terminal (keepalive, work settings),
    // `parallel` at a time. Terminals refused (Success ≠ 1) are retried once
    // after `activate()`. Returns how many are still refused.
    int registerAll(int parallel, const std::function<void()>& activate);

    void start();
    // Counts what happens during the next `seconds` (the fleet keeps running).
    IdleWindow measure(std::chrono::milliseconds window);
    void stop();

private:
    struct Worker {
        std::mutex mutex;
        std::vector<double> latencies;
    };
    void work(Worker& worker);
    void keepalive(int terminal, Worker& worker);
    void fullSession(int terminal);

    IdleOptions options_;
    std::vector<std::string> requests_;  // prebuilt keepalive request bytes per terminal
    std::vector<std::unique_ptr<Worker>> workers_;
    std::vector<std::thread> threads_;
    std::atomic<std::uint64_t> nextSlot_{0};
    std::atomic<bool> stopping_{false};
    std::chrono::steady_clock::time_point start_;
    std::chrono::nanoseconds step_{0};
    std::atomic<std::uint64_t> keepalives_{0}, failed_{0}, sessions_{0}, late_{0};
    std::mutex errorMutex_;
    std::string firstError_;
};

}  // namespace passway::bench
