#pragma once

// Many simulated seed-001 terminals on one epoll thread, for the tcpjson
// benchmark: each holds its connection, answers get_device_info with its own
// uuid and every other request with code 0, and counts the persons pushed to
// it. Linux only (epoll), like the benchmark.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace passway::bench {

class TcpjsonFleet {
public:
    TcpjsonFleet(std::uint16_t port, int count, std::string uuidPrefix);
    ~TcpjsonFleet();

    // Opens every connection (the loop answers while later ones connect).
    // Returns how many connected.
    int connectAll();
    void stop();

    int open() const { return open_; }
    int identified() const { return identified_; }  // answered get_device_info at least once
    // Terminals that hold the person (got download_person or update_person for it).
    int holding(const std::string& personId) const;
    std::uint64_t requests() const { return requests_; }

private:
    struct Terminal;
    void loop();
    void onReadable(Terminal& terminal);
    void answer(Terminal& terminal, const std::string& object);

    const std::uint16_t port_;
    const int count_;
    const std::string uuidPrefix_;
    int epoll_ = -1;
    std::vector<std::unique_ptr<Terminal>> terminals_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<int> open_{0};
    std::atomic<int> identified_{0};
    std::atomic<std::uint64_t> requests_{0};
    mutable std::mutex mutex_;
    std::unordered_map<std::string, int> holding_;  // person_id → terminals holding it
};

}  // namespace passway::bench
