#pragma once

// Hostile clients for the network front's tests: many connections that
// trickle a request a byte at a time (slow-loris), from one thread.

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace passway::test {

// Raises the descriptor limit to the hard one (a child passwayd inherits it).
inline void raiseDescriptorLimit() {
    rlimit limit{};
    getrlimit(RLIMIT_NOFILE, &limit);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
}

// A blocking TCP connection to 127.0.0.1:port, optionally from another
// loopback address (127.0.0.2: "another source"). -1 when refused.
inline int connectLoopback(std::uint16_t port, const char* from = nullptr) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) return -1;
    if (from) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        inet_pton(AF_INET, from, &local.sin_addr);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0) {
            ::close(fd);
            return -1;
        }
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Connections that each send `prefix` at once and then `request` one byte
// per tick(), never finishing within the server's deadlines.
class SlowClients {
public:
    SlowClients(std::uint16_t port, int count, std::string request, const std::string& prefix = "")
        : request_(std::move(request)) {
        for (int i = 0; i < count; ++i) {
            const int fd = connectLoopback(port);
            if (fd < 0) throw std::runtime_error("slow client " + std::to_string(i) + ": connect failed: " + std::to_string(errno));
            if (!prefix.empty() && ::send(fd, prefix.data(), prefix.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(prefix.size()))
                throw std::runtime_error("slow client " + std::to_string(i) + ": could not send its head");
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
            clients_.push_back({fd, 0, false});
        }
    }
    ~SlowClients() {
        for (auto& c : clients_)
            if (c.fd >= 0) ::close(c.fd);
    }
    SlowClients(const SlowClients&) = delete;
    SlowClients& operator=(const SlowClients&) = delete;

    // One more byte from every client still connected; notices the ones the server closed.
    void tick() {
        for (auto& c : clients_) {
            if (c.closed) continue;
            char scratch[512];
            const ssize_t got = ::recv(c.fd, scratch, sizeof scratch, MSG_DONTWAIT);
            if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
                c.closed = true;
                continue;
            }
            if (c.sent < request_.size()) {
                if (::send(c.fd, request_.data() + c.sent, 1, MSG_NOSIGNAL | MSG_DONTWAIT) == 1) ++c.sent;
                else if (errno != EAGAIN && errno != EWOULDBLOCK) c.closed = true;
            }
        }
    }
    int closedByServer() const {
        int n = 0;
        for (const auto& c : clients_) n += c.closed ? 1 : 0;
        return n;
    }
    int size() const { return static_cast<int>(clients_.size()); }

private:
    struct Client {
        int fd;
        std::size_t sent;
        bool closed;
    };
    std::string request_;
    std::vector<Client> clients_;
};

// A slow-loris head: a request whose head never ends.
inline std::string endlessHead(const std::string& path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\nX-Slow: " + std::string(4096, 'a');
}

// The head of a POST whose body (`bytes` long) is then trickled.
inline std::string bodyHead(const std::string& path, std::size_t bytes) {
    return "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(bytes) + "\r\n\r\n";
}

} // namespace passway::test
