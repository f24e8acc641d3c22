#include "BurstDriver.h"

#include "sim/httpv2/Gzip.h"
#include "sim/httpv2/HttpMessage.h"

#include <Poco/String.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace passway::bench {

namespace sim = passway::sim::httpv2;
using Clock = std::chrono::steady_clock;

struct BurstDriver::Connection {
    int fd = -1;
    bool connecting = false;
    bool busy = false;        // a request is in flight
    bool closeAfter = false;  // the server said Connection: close
    std::string out;
    std::size_t sent = 0;
    std::string in;
    Clock::time_point start;
};

BurstDriver::BurstDriver(std::uint16_t port, std::size_t terminals, bool keepAlive)
    : port_(port), keepAlive_(keepAlive), connections_(terminals) {
    epoll_ = epoll_create1(EPOLL_CLOEXEC);
    if (epoll_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
}

BurstDriver::~BurstDriver() {
    for (auto& c : connections_) closeConnection(c);
    if (epoll_ >= 0) ::close(epoll_);
}

void BurstDriver::open(Connection& c) {
    c.fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (c.fd < 0) throw std::runtime_error(std::string("socket: ") + std::strerror(errno));
    const int one = 1;
    setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    const int rc = ::connect(c.fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
    c.connecting = rc != 0 && errno == EINPROGRESS;
    if (rc != 0 && !c.connecting) throw std::runtime_error(std::string("connect: ") + std::strerror(errno));
    epoll_event event{};
    event.events = EPOLLOUT | EPOLLIN;
    event.data.ptr = &c;
    epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &event);
}

void BurstDriver::closeConnection(Connection& c) {
    if (c.fd < 0) return;
    epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
    ::close(c.fd);
    c.fd = -1;
    c.connecting = false;
    c.closeAfter = false;
    c.in.clear();
}

bool BurstDriver::writeSome(Connection& c) {
    while (c.sent < c.out.size()) {
        const ssize_t n = ::send(c.fd, c.out.data() + c.sent, c.out.size() - c.sent, MSG_NOSIGNAL);
        if (n > 0) {
            c.sent += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
        return false;
    }
    // All sent: wait for the answer only.
    epoll_event event{};
    event.events = EPOLLIN;
    event.data.ptr = &c;
    epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &event);
    return true;
}

bool BurstDriver::answered(Connection& c, std::string& error, bool& ok) {
    const auto headEnd = c.in.find("\r\n\r\n");
    if (headEnd == std::string::npos) return false;
    sim::HttpResponse response;
    response.status = std::atoi(c.in.c_str() + 9);
    std::size_t line = c.in.find("\r\n") + 2;
    while (line < headEnd) {
        const auto end = c.in.find("\r\n", line);
        const auto colon = c.in.find(':', line);
        if (colon != std::string::npos && colon < end) {
            response.headers.emplace_back(c.in.substr(line, colon - line),
                                          Poco::trim(c.in.substr(colon + 1, end - colon - 1)));
        }
        line = end + 2;
    }
    const std::string length = response.header("Content-Length");
    if (length.empty()) {
        error = "answer without Content-Length";
        ok = false;
        return true;
    }
    const std::size_t total = headEnd + 4 + std::stoul(length);
    if (c.in.size() < total) return false;
    response.body = c.in.substr(headEnd + 4, total - headEnd - 4);
    c.in.erase(0, total);
    c.closeAfter = Poco::icompare(response.header("Connection"), "close") == 0;
    try {
        if (Poco::icompare(response.header("Content-Encoding"), "gzip") == 0)
            response.body = sim::gunzip(response.body);
    } catch (const std::exception& e) {
        error = e.what();
        ok = false;
        return true;
    }
    ok = response.status == 200 && response.success() == 1;
    if (!ok) error = "HTTP " + std::to_string(response.status) + " " + response.body.substr(0, 200);
    return true;
}

bool BurstDriver::send(Connection& c, std::string request) {
    c.out = std::move(request);
    c.sent = 0;
    c.busy = true;
    c.start = Clock::now();
    if (c.fd < 0) {
        open(c);  // written once connected
    } else if (!writeSome(c)) {
        return false;
    } else if (c.sent < c.out.size()) {
        epoll_event event{};
        event.events = EPOLLOUT | EPOLLIN;
        event.data.ptr = &c;
        epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &event);
    }
    return true;
}

void BurstDriver::settle(Connection& c, bool ok) {
    c.busy = false;
    if (!keepAlive_ || !ok || c.closeAfter) closeConnection(c);
}

void BurstDriver::pump(int waitMs, const std::function<void(Connection&, bool, const std::string&)>& finish) {
    epoll_event events[256];
    char buffer[65536];
    const int n = epoll_wait(epoll_, events, 256, waitMs);
    for (int e = 0; e < n; ++e) {
        Connection& c = *static_cast<Connection*>(events[e].data.ptr);
        if (!c.busy) {  // an idle kept connection closed by the server
            closeConnection(c);
            continue;
        }
        if (c.connecting && (events[e].events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) {
            int soError = 0;
            socklen_t len = sizeof soError;
            getsockopt(c.fd, SOL_SOCKET, SO_ERROR, &soError, &len);
            c.connecting = false;
            if (soError != 0) {
                finish(c, false, std::string("connect: ") + std::strerror(soError));
                continue;
            }
        }
        if ((events[e].events & EPOLLOUT) && c.sent < c.out.size() && !writeSome(c)) {
            finish(c, false, "send failed");
            continue;
        }
        if (events[e].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) {
            const ssize_t got = ::recv(c.fd, buffer, sizeof buffer, 0);
            if (got > 0) {
                c.in.append(buffer, static_cast<std::size_t>(got));
                std::string error;
                bool ok = false;
                if (answered(c, error, ok)) finish(c, ok, error);
            } else if (got == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
                finish(c, false, got == 0 ? "connection closed before the answer" : std::strerror(errno));
            }
        }
    }
}

void BurstDriver::abandonBusy(LoadResult& into, bool record) {
    for (auto& c : connections_) {
        if (c.busy) {
            c.busy = false;
            if (record) {
                ++into.failed;
                if (into.firstError.empty()) into.firstError = "no answer within the timeout";
            }
            closeConnection(c);
        }
    }
}

namespace {

void tally(LoadResult& into, Clock::time_point start, bool ok, const std::string& error) {
    into.latenciesMs.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    (ok ? into.ok : into.failed) += 1;
    if (!ok && into.firstError.empty()) into.firstError = error;
}

}  // namespace

void BurstDriver::round(const std::vector<std::string>& requests, LoadResult& into, bool record,
                        std::chrono::milliseconds timeout) {
    std::size_t waiting = 0;
    auto finish = [&](Connection& c, bool ok, const std::string& error) {
        if (record) tally(into, c.start, ok, error);
        settle(c, ok);
        --waiting;
    };
    for (std::size_t i = 0; i < connections_.size() && i < requests.size(); ++i) {
        ++waiting;
        if (!send(connections_[i], requests[i])) finish(connections_[i], false, "send failed");
    }
    const auto deadline = Clock::now() + timeout;
    while (waiting > 0 && Clock::now() < deadline) pump(100, finish);
    abandonBusy(into, record);
}

void BurstDriver::closedLoop(const std::function<std::string(std::size_t)>& next, std::chrono::duration<double> length,
                             LoadResult& into, std::chrono::milliseconds timeout) {
    const auto start = Clock::now();
    const auto end = start + std::chrono::duration_cast<Clock::duration>(length);
    std::size_t waiting = 0;
    std::vector<Connection*> due;  // answered (or failed) and still to send their next record
    auto finish = [&](Connection& c, bool ok, const std::string& error) {
        tally(into, c.start, ok, error);
        settle(c, ok);
        --waiting;
        if (Clock::now() < end) due.push_back(&c);  // its next record, as a terminal with a backlog sends
    };
    for (auto& c : connections_) due.push_back(&c);
    while ((waiting > 0 || !due.empty()) && Clock::now() < end + timeout) {
        // Every answer of one wake-up is timed before any next record is
        // built (a gzip and a 40 KB copy each): one thread plays all the
        // terminals, and one terminal's work must not count in another's
        // latency.
        std::vector<Connection*> sending;
        sending.swap(due);
        for (Connection* c : sending) {
            ++waiting;
            if (!send(*c, next(static_cast<std::size_t>(c - connections_.data())))) finish(*c, false, "send failed");
        }
        if (waiting > 0) pump(100, finish);
    }
    abandonBusy(into, true);
    into.seconds = std::chrono::duration<double>(Clock::now() - start).count();  // with the last answers
}

}  // namespace passway::bench
