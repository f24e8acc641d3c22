#pragma once

// Terminals that keep their HTTP connection, as seed 002 asks: each holds
// one connection to the plugin and sends a Keepalive on it every interval,
// the slots spread evenly over the interval. One epoll thread drives them
// all, so the load generator costs little next to the host it measures.
// Connections come from several loopback addresses (127.0.0.1, .2, ...), so
// more than the ~28,000 ephemeral ports of one address can be held.

#include "RecordLoad.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passway::bench {

struct KeptAliveOptions {
    std::uint16_t port = 0;
    int connections = 10000;
    int terminals = 10000;       // distinct SNs; connection i is terminal i % terminals
    std::chrono::milliseconds interval{15000};
    int sources = 8;             // loopback source addresses
    std::string snPrefix = "FC-KEPT";
    std::chrono::milliseconds answerTimeout{10000};
};

struct KeptAliveWindow {
    std::uint64_t keepalives = 0;  // answered with Success 1
    std::uint64_t failed = 0;      // refused, unanswered in time, or the connection lost
    std::uint64_t reconnects = 0;
    double seconds = 0;
    LoadResult latency;
    std::string firstError;
};

class KeptAliveFleet {
public:
    explicit KeptAliveFleet(KeptAliveOptions options);
    ~KeptAliveFleet();
    KeptAliveFleet(const KeptAliveFleet&) = delete;
    KeptAliveFleet& operator=(const KeptAliveFleet&) = delete;

    // Connects every connection and has each send one keepalive (which makes
    // the host know the terminal), at most `parallel` waiting at a time.
    // Returns how many were answered with Success 1.
    int connectAll(int parallel = 500);
    // Sends keepalives on the schedule until stop().
    void start();
    KeptAliveWindow measure(std::chrono::milliseconds window);
    void stop();
    // Connections still open (the server closed none).
    int open() const;

private:
    struct Conn;
    void loop();
    bool connect(Conn& c);
    void send(Conn& c);
    void onReadable(Conn& c);
    void fail(Conn& c, const std::string& why);

    KeptAliveOptions options_;
    std::vector<std::string> requests_;
    std::vector<Conn> conns_;
    int epoll_ = -1;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::chrono::steady_clock::time_point start_;
    std::chrono::nanoseconds step_{0};
    std::uint64_t nextSlot_ = 0;
    std::atomic<std::uint64_t> keepalives_{0}, failed_{0}, reconnects_{0};
    std::mutex mutex_;  // latencies_, firstError_
    std::vector<double> latencies_;
    std::string firstError_;
};

}  // namespace passway::bench
