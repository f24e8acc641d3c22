#pragma once

// What tests and benchmarks that run servers on 127.0.0.1 need: a free port,
// whether something listens on one, and waiting for a condition.

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <random>
#include <stdexcept>
#include <thread>

namespace passway::test {

// A port nothing uses now, below the kernel's ephemeral range (32768 and up
// on Linux): a port the kernel picks for us is also one it may hand to any
// outgoing connection a moment later (another test's client), and the
// server we start on it then fails with "address already in use". The
// search starts at a random place so that tests running side by side
// (ctest -j) rarely probe the same ports.
inline std::uint16_t freePort() {
    constexpr unsigned first = 10000, count = 22000;
    static std::mt19937 random{std::random_device{}()};
    const unsigned start = random() % count;
    for (unsigned i = 0; i < count; ++i) {
        const auto port = static_cast<std::uint16_t>(first + (start + i) % count);
        try {
            Poco::Net::ServerSocket probe;
            probe.bind(Poco::Net::SocketAddress("0.0.0.0", port), false);
            probe.listen(1);
            return port;
        } catch (const Poco::Exception&) {
        }
    }
    throw std::runtime_error("no free port between 10000 and 32000");
}

// Something accepts connections on 127.0.0.1:port.
inline bool listening(std::uint16_t port) {
    try {
        Poco::Net::StreamSocket socket;
        socket.connect(Poco::Net::SocketAddress("127.0.0.1", port), Poco::Timespan(1, 0));
        return true;
    } catch (const Poco::Exception&) {
        return false;
    }
}

// Polls `done` until it holds or `timeout` passes.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds timeout = std::chrono::seconds(10),
                       std::chrono::milliseconds poll = std::chrono::milliseconds(50)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!done()) {
        if (std::chrono::steady_clock::now() > deadline) return false;
        std::this_thread::sleep_for(poll);
    }
    return true;
}

} // namespace passway::test
