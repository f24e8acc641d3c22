#pragma once

// A simulated ZJCHILINK app (seed 004) talking to the plugin over
// 127.0.0.1: JSON requests with "Authorization: Token <token>", answers read
// in the document's shape {"msg", "status", "desc"}. Every status it sees is
// kept, so a test can check each against the document's table.

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <mutex>
#include <string>
#include <vector>

namespace passway::sim::zjchilink {

struct Answer {
    int http = 0;
    int status = 0;                  // the document's 6-digit code (0: the body was not the document's shape)
    Poco::Dynamic::Var msg;
    std::string desc;
    std::string body;                // as received
    std::string contentType;

    Poco::JSON::Object::Ptr msgObject() const;
    Poco::JSON::Object::Ptr data() const;  // msg.data as an object (null when not one)
};

class ZjApp {
public:
    explicit ZjApp(std::uint16_t port) : port_(port) {}

    Answer call(const std::string& method, const std::string& path, const std::string& body = "") const;
    Answer post(const std::string& path, const std::string& body) const { return call("POST", path, body); }
    Answer get(const std::string& path) const { return call("GET", path); }

    // 1.1 + 1.2 with the code the caller read from the SMS gateway; 1.3.
    Answer requestCode(const std::string& phone) const;
    Answer registerUser(const std::string& phone, const std::string& password, const std::string& code) const;
    Answer login(const std::string& phone, const std::string& password);  // keeps the token

    std::string token;
    std::vector<int> seenStatuses() const;

private:
    std::uint16_t port_;
    mutable std::mutex mutex_;
    mutable std::vector<int> seen_;
};

// Sends one UDP probe to 127.0.0.1:port and returns the answer (empty: none within `timeoutMs`).
std::string udpProbe(std::uint16_t port, const std::string& probe, int timeoutMs = 3000);

}  // namespace passway::sim::zjchilink
