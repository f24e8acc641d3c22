#pragma once

// A raw HTTP/1.1 client connection for tests that must control every byte
// (pipelining, Expect: 100-continue, half-sent requests).

#include "SlowClients.h"

#include <poll.h>

#include <chrono>
#include <map>
#include <optional>
#include <string>

namespace passway::test {

struct RawResponse {
    int status = 0;
    std::map<std::string, std::string> headers;  // names lower case
    std::string body;
    std::string header(const std::string& lowerName) const {
        auto it = headers.find(lowerName);
        return it == headers.end() ? "" : it->second;
    }
};

class RawHttp {
public:
    explicit RawHttp(std::uint16_t port, const char* from = nullptr) : fd_(connectLoopback(port, from)) {}
    ~RawHttp() {
        if (fd_ >= 0) ::close(fd_);
    }
    RawHttp(const RawHttp&) = delete;
    RawHttp& operator=(const RawHttp&) = delete;

    bool connected() const { return fd_ >= 0; }
    bool send(const std::string& bytes) {
        std::size_t sent = 0;
        while (sent < bytes.size()) {
            const ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    // The next response; nullopt when the connection closed or nothing came in time.
    std::optional<RawResponse> read(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        std::size_t headEnd;
        while ((headEnd = buffer_.find("\r\n\r\n")) == std::string::npos)
            if (!fill(deadline)) return std::nullopt;
        RawResponse r;
        const std::string head = buffer_.substr(0, headEnd);
        buffer_.erase(0, headEnd + 4);
        std::size_t lineEnd = head.find("\r\n");
        const std::string statusLine = head.substr(0, lineEnd);
        r.status = std::stoi(statusLine.substr(9, 3));
        while (lineEnd != std::string::npos) {
            const std::size_t start = lineEnd + 2;
            lineEnd = head.find("\r\n", start);
            const std::string line = head.substr(start, lineEnd == std::string::npos ? std::string::npos : lineEnd - start);
            const auto colon = line.find(':');
            if (colon == std::string::npos) continue;
            std::string name = line.substr(0, colon);
            for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            r.headers[name] = line.substr(line.find_first_not_of(' ', colon + 1));
        }
        if (r.status == 100 || r.status == 204 || r.status == 304 || headOnly_) return r;
        if (r.header("transfer-encoding") == "chunked") {
            for (;;) {
                std::size_t sizeEnd;
                while ((sizeEnd = buffer_.find("\r\n")) == std::string::npos)
                    if (!fill(deadline)) return std::nullopt;
                const std::size_t size = std::stoul(buffer_.substr(0, sizeEnd), nullptr, 16);
                while (buffer_.size() < sizeEnd + 2 + size + 2)
                    if (!fill(deadline)) return std::nullopt;
                r.body += buffer_.substr(sizeEnd + 2, size);
                buffer_.erase(0, sizeEnd + 2 + size + 2);
                if (size == 0) return r;
            }
        }
        const std::size_t length = r.headers.count("content-length") ? std::stoul(r.header("content-length")) : 0;
        while (buffer_.size() < length)
            if (!fill(deadline)) return std::nullopt;
        r.body = buffer_.substr(0, length);
        buffer_.erase(0, length);
        return r;
    }
    // True when the server closed the connection within `timeout` (reading and dropping what comes).
    bool closedByServer(std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
        const auto deadline = std::chrono::steady_clock::now() + timeout;
        while (fill(deadline)) buffer_.clear();
        return closed_;
    }
    void expectHeadOnly(bool on) { headOnly_ = on; }

private:
    bool fill(std::chrono::steady_clock::time_point deadline) {
        if (fd_ < 0 || closed_) return false;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) return false;
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
        char chunk[16384];
        const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
        if (n <= 0) {
            closed_ = true;
            return false;
        }
        buffer_.append(chunk, static_cast<std::size_t>(n));
        return true;
    }

    int fd_;
    std::string buffer_;
    bool closed_ = false;
    bool headOnly_ = false;
};

} // namespace passway::test
