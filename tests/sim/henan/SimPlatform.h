#pragma once

// A simulated supervision platform (seed 003, the server side of the
// document) on 127.0.0.1: it checks every request's appid and sign as the
// document says, answers heartbeats with the commands queued on it, hands
// out persons (v1 pic / v2 picUrl), and keeps the attendance it received.
// What an uplink talks to in the tests; stop() and start() make an outage.

#include "sim/henan/SimWire.h"

#include <Poco/Net/HTTPServer.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace passway::sim::henan {

struct ReceivedPunch {
    std::string sn;
    std::string userCode;
    std::string time;
    std::string type;
    std::string temperature;
    std::size_t picBytes = 0;
};

struct PlatformPerson {
    std::string userCode;
    std::string name;
    std::string photo;  // JPEG bytes
};

struct PlatformCommand {
    std::string cmd;
    std::string params;                  // deletePerson / setAdmin data, reboot times
    std::vector<PlatformPerson> persons; // downloadUser
    std::string code;                    // filled when queued
};

class SimPlatform {
public:
    SimPlatform(std::string appid, std::string secret, std::uint16_t port = 0);
    ~SimPlatform();

    void start();
    void stop();
    std::uint16_t port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

    // Queued for the next heartbeat of `sn`; returns the code.
    std::string queue(const std::string& sn, PlatformCommand command);

    std::vector<ReceivedPunch> punches() const;
    std::size_t duplicates() const;       // punches received again (same sn, userCode, time)
    std::size_t heartbeats() const;
    std::size_t refusedSigns() const;
    std::map<std::string, std::string> callbacks() const;  // code -> data

    // For the request handler.
    std::string handle(const std::string& path, const Params& params, const std::string& host);
    std::string photo(const std::string& name) const;

private:
    const std::string appid_;
    const std::string secret_;
    std::uint16_t port_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;

    mutable std::mutex mutex_;
    std::map<std::string, std::deque<PlatformCommand>> queued_;
    std::map<std::string, PlatformCommand> inHand_;  // sn -> the command handed out
    std::map<std::string, std::string> photos_;
    std::vector<ReceivedPunch> punches_;
    std::size_t duplicates_ = 0;
    std::size_t heartbeats_ = 0;
    std::size_t refusedSigns_ = 0;
    std::map<std::string, std::string> callbacks_;
    int nextCode_ = 1000;
};

}  // namespace passway::sim::henan
