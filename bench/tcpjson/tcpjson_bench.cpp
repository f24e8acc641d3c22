// tcpjson_bench: the tcpjson plugin holding many long connections.
// Starts passwayd with the tcpjson plugin (devices auto-activated), connects
// N simulated terminals on one epoll thread, and reports:
//   - time until every terminal is connected, identified and online;
//   - the host's resident memory before and with N connections, and its CPU
//     over an idle window that includes a heartbeat round;
//   - the round trip of one person pushed to all N (admin API create →
//     every terminal got download_person, and → the sync ledger confirmed all).
// Usage: tcpjson_bench [--connections N] [--idle-seconds S] [--heartbeat-s S] [--pushes K]
// Needs RLIMIT_NOFILE above N (raised to the hard limit here; passwayd inherits it).

#include "BenchHost.h"
#include "TcpjsonFleet.h"
#include "support/HttpClient.h"

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

using namespace passway;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

double secondsSince(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

long long metric(std::uint16_t port, const std::string& name) {
    const auto reply = test::httpRequest(port, "GET", "/metrics", "", "");
    std::istringstream in(reply.body);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(name + " ", 0) == 0) return std::stoll(line.substr(name.size() + 1));
    }
    return -1;
}

template <typename Done>
bool waitUntil(Done done, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!done()) {
        if (Clock::now() > deadline) return false;
        std::this_thread::sleep_for(5ms);
    }
    return true;
}

void raiseDescriptorLimit() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

}  // namespace

int main(int argc, char** argv) {
    int connections = 10000;
    int idleSeconds = 35;
    int heartbeatSeconds = 30;
    int pushes = 3;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const int value = std::stoi(argv[i + 1]);
        if (key == "--connections") connections = value;
        else if (key == "--idle-seconds") idleSeconds = value;
        else if (key == "--heartbeat-s") heartbeatSeconds = value;
        else if (key == "--pushes") pushes = value;
        else {
            std::cerr << "usage: tcpjson_bench [--connections N] [--idle-seconds S] [--heartbeat-s S] [--pushes K]\n";
            return 2;
        }
    }
    raiseDescriptorLimit();
    bench::HostOptions options;
    options.plugin = "tcpjson";
    options.password = "tcpjson-bench-secret";
    options.extraSets = {"log.level=warning", "plugin.tcpjson.heartbeat_s=" + std::to_string(heartbeatSeconds),
                         "plugin.tcpjson.max_connections=" + std::to_string(connections + 100)};
    bench::BenchHost host(options);
    const std::uint16_t admin = host.adminPort();
    std::this_thread::sleep_for(1s);
    const long long rssBefore = host.residentBytes();

    bench::TcpjsonFleet fleet(host.devicePort(), connections, "bench-");
    const auto connectStart = Clock::now();
    const int open = fleet.connectAll();
    const double connectSeconds = secondsSince(connectStart);
    const bool allOnline = waitUntil([&] { return fleet.identified() >= open && metric(admin, "passway_devices_online") >= open; },
                                     300s);
    const double onlineSeconds = secondsSince(connectStart);
    std::printf("connections: %d of %d open in %.2f s; identified and online in %.2f s%s\n", open, connections,
                connectSeconds, onlineSeconds, allOnline ? "" : " (NOT all online)");

    std::this_thread::sleep_for(3s);  // let the registration writes settle
    const long long rssWith = host.residentBytes();
    const double cpu0 = host.cpuSeconds();
    const std::uint64_t requests0 = fleet.requests();
    std::this_thread::sleep_for(std::chrono::seconds(idleSeconds));
    const double idleCpu = host.cpuSeconds() - cpu0;
    const std::uint64_t heartbeats = fleet.requests() - requests0;
    std::printf("memory: %.1f MiB before, %.1f MiB with %d connections (%.1f KiB per connection)\n",
                rssBefore / 1048576.0, rssWith / 1048576.0, open, (rssWith - rssBefore) / 1024.0 / std::max(open, 1));
    std::printf("idle: %.1f%% of one core over %d s (heartbeat every %d s: %llu requests answered, %d still open)\n",
                100.0 * idleCpu / idleSeconds, idleSeconds, heartbeatSeconds,
                static_cast<unsigned long long>(heartbeats), fleet.open());

    const std::string token = test::login(admin, "admin", host.password());
    std::vector<double> received, confirmed;
    for (int k = 0; k < pushes; ++k) {
        const std::string id = std::to_string(100 + k);
        const double cpuStart = host.cpuSeconds();
        const auto start = Clock::now();
        const auto reply = test::httpRequest(admin, "POST", "/api/v1/persons",
                                             R"({"userId":)" + id + R"(,"name":"Bench )" + id +
                                                 R"(","credentials":[{"kind":"card","value":"C)" + id + R"("}]})",
                                             token);
        if (reply.status != 201) {
            std::printf("push %s: create failed: %d %s\n", id.c_str(), reply.status, reply.body.c_str());
            return 1;
        }
        const bool all = waitUntil([&] { return fleet.holding(id) >= open; }, 300s);
        received.push_back(secondsSince(start));
        const bool synced = waitUntil([&] { return metric(admin, "passway_sync_pending") == 0; }, 300s);
        confirmed.push_back(secondsSince(start));
        std::printf("push %d: person %s at %d of %d terminals in %.2f s%s; ledger confirmed in %.2f s%s; host CPU %.2f s\n",
                    k + 1, id.c_str(), fleet.holding(id), open, received.back(), all ? "" : " (NOT all)",
                    confirmed.back(), synced ? "" : " (NOT all)", host.cpuSeconds() - cpuStart);
    }
    std::sort(received.begin(), received.end());
    std::sort(confirmed.begin(), confirmed.end());
    if (!received.empty()) {
        std::printf("push round trip to %d terminals: median %.2f s delivered, %.2f s confirmed (%.0f terminals/s)\n",
                    open, received[received.size() / 2], confirmed[confirmed.size() / 2],
                    open / received[received.size() / 2]);
    }
    fleet.stop();
    return allOnline ? 0 : 1;
}
