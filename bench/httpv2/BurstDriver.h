#pragma once

// Many terminals sending one request each at the same instant (or each its
// next one as soon as its answer is in: a closed loop), driven by one
// thread over non-blocking sockets and epoll: the load generator stays cheap
// (no thread per terminal competing with the host for the same two cores),
// and each request is timed from its first byte (or its connect) to the last
// byte of its answer. Linux only, like the rest of this benchmark.

#include "RecordLoad.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace passway::bench {

class BurstDriver {
public:
    // `keepAlive`: each terminal keeps its connection between rounds (opened
    // by the first round); otherwise each request connects and disconnects.
    BurstDriver(std::uint16_t port, std::size_t terminals, bool keepAlive);
    ~BurstDriver();
    BurstDriver(const BurstDriver&) = delete;
    BurstDriver& operator=(const BurstDriver&) = delete;

    // Sends requests[i] for terminal i, all at once, and waits for every
    // answer (or `timeout`). Latencies and outcomes go into `into` when `record`.
    void round(const std::vector<std::string>& requests, LoadResult& into, bool record,
               std::chrono::milliseconds timeout = std::chrono::seconds(30));

    // A closed loop: each terminal sends next(i) as soon as its previous
    // answer is in, for `length`; the answers still in flight then are waited
    // for (up to `timeout`) and counted. Each request is timed as in round().
    void closedLoop(const std::function<std::string(std::size_t terminal)>& next,
                    std::chrono::duration<double> length, LoadResult& into,
                    std::chrono::milliseconds timeout = std::chrono::seconds(30));

private:
    struct Connection;
    bool send(Connection& c, std::string request);  // false: the connection failed
    void settle(Connection& c, bool ok);            // after an answer (or a failure)
    void pump(int waitMs, const std::function<void(Connection&, bool, const std::string&)>& finish);
    void abandonBusy(LoadResult& into, bool record);
    void open(Connection& c);
    void closeConnection(Connection& c);
    bool writeSome(Connection& c);                               // false on error
    bool answered(Connection& c, std::string& error, bool& ok);  // a whole answer is in c.in

    std::uint16_t port_;
    bool keepAlive_;
    int epoll_ = -1;
    std::vector<Connection> connections_;
};

}  // namespace passway::bench
