#include "KeptAliveFleet.h"

#include "sim/httpv2/HttpConnection.h"
#include "sim/httpv2/WireFormat.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>

namespace passway::bench {

namespace sim = passway::sim::httpv2;
using Clock = std::chrono::steady_clock;

struct KeptAliveFleet::Conn {
    int index = 0;
    int fd = -1;
    bool waiting = false;          // a keepalive is out, its answer not yet read
    Clock::time_point sentAt;
    std::string in;
};

KeptAliveFleet::KeptAliveFleet(KeptAliveOptions options) : options_(std::move(options)) {
    const sim::WireFormat wire;
    sim::HttpConnection builder("127.0.0.1", options_.port);  // only writes heads; never connects
    for (int i = 0; i < options_.terminals; ++i) {
        char sn[64];
        std::snprintf(sn, sizeof sn, "%s%06d", options_.snPrefix.c_str(), i);
        const std::string json = std::string(R"({"SN":")") + sn +
                                 R"(","RelayStatus":0,"KeepOpenStatus":0,"DoorSensorStatus":0,"LockDoorStatus":0,"AlarmStatus":""})";
        const sim::HttpRequest request = wire.json("/Device/Keepalive", json);
        requests_.push_back(builder.head(request) + request.body);
    }
    conns_.resize(static_cast<std::size_t>(options_.connections));
    for (int i = 0; i < options_.connections; ++i) conns_[static_cast<std::size_t>(i)].index = i;
    epoll_ = ::epoll_create1(0);
}

KeptAliveFleet::~KeptAliveFleet() {
    stop();
    for (auto& c : conns_)
        if (c.fd >= 0) ::close(c.fd);
    if (epoll_ >= 0) ::close(epoll_);
}

bool KeptAliveFleet::connect(Conn& c) {
    if (c.fd >= 0) {
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
    }
    c.fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (c.fd < 0) return false;
    int one = 1;
    // The port is chosen at connect() per source address, not at bind().
    ::setsockopt(c.fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    ::setsockopt(c.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_addr.s_addr = htonl(0x7F000001u + static_cast<std::uint32_t>(c.index % std::max(1, options_.sources)));
    ::bind(c.fd, reinterpret_cast<sockaddr*>(&local), sizeof local);
    sockaddr_in server{};
    server.sin_family = AF_INET;
    server.sin_port = htons(options_.port);
    server.sin_addr.s_addr = htonl(0x7F000001u);
    if (::connect(c.fd, reinterpret_cast<sockaddr*>(&server), sizeof server) != 0) {
        ::close(c.fd);
        c.fd = -1;
        return false;
    }
    ::fcntl(c.fd, F_SETFL, ::fcntl(c.fd, F_GETFL) | O_NONBLOCK);
    epoll_event event{};
    event.events = EPOLLIN | EPOLLRDHUP;
    event.data.u32 = static_cast<std::uint32_t>(c.index);
    ::epoll_ctl(epoll_, EPOLL_CTL_ADD, c.fd, &event);
    c.in.clear();
    c.waiting = false;
    return true;
}

void KeptAliveFleet::fail(Conn& c, const std::string& why) {
    failed_.fetch_add(1, std::memory_order_relaxed);
    {
        std::lock_guard lock(mutex_);
        if (firstError_.empty()) firstError_ = "connection " + std::to_string(c.index) + ": " + why;
    }
    c.waiting = false;
    if (!stopping_ && connect(c)) reconnects_.fetch_add(1, std::memory_order_relaxed);
}

void KeptAliveFleet::send(Conn& c) {
    if (c.fd < 0 && !connect(c)) return fail(c, "cannot connect");
    if (c.waiting) return fail(c, "previous keepalive unanswered at the next slot");
    const std::string& request = requests_[static_cast<std::size_t>(c.index % options_.terminals)];
    const ssize_t n = ::send(c.fd, request.data(), request.size(), MSG_NOSIGNAL);
    if (n != static_cast<ssize_t>(request.size())) return fail(c, "send: " + std::string(std::strerror(errno)));
    c.waiting = true;
    c.sentAt = Clock::now();
}

void KeptAliveFleet::onReadable(Conn& c) {
    char buffer[8192];
    for (;;) {
        const ssize_t n = ::recv(c.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            c.in.append(buffer, static_cast<std::size_t>(n));
            continue;
        }
        if (n == 0) return fail(c, "closed by the server");
        if (errno == EAGAIN || errno == EWOULDBLOCK) break;
        return fail(c, "recv: " + std::string(std::strerror(errno)));
    }
    const auto headEnd = c.in.find("\r\n\r\n");
    if (headEnd == std::string::npos) return;
    std::size_t length = 0;
    const auto cl = c.in.find("Content-Length: ");
    if (cl != std::string::npos && cl < headEnd) length = std::stoul(c.in.substr(cl + 16));
    if (c.in.size() < headEnd + 4 + length) return;
    const std::string body = c.in.substr(headEnd + 4, length);
    const bool ok = c.in.compare(0, 12, "HTTP/1.1 200") == 0 && body.find("\"Success\":1") != std::string::npos;
    const double ms = std::chrono::duration<double, std::milli>(Clock::now() - c.sentAt).count();
    const bool closeAfter = c.in.find("Connection: close") < headEnd;
    c.in.erase(0, headEnd + 4 + length);
    c.waiting = false;
    if (!ok) return fail(c, "answer: " + body.substr(0, 200));
    keepalives_.fetch_add(1, std::memory_order_relaxed);
    {
        std::lock_guard lock(mutex_);
        latencies_.push_back(ms);
    }
    if (closeAfter) fail(c, "the server closed the kept-alive connection");
}

int KeptAliveFleet::connectAll(int parallel) {
    std::size_t next = 0;
    int inFlight = 0;
    const std::uint64_t before = keepalives_.load();
    std::vector<epoll_event> events(1024);
    const auto deadline = Clock::now() + std::chrono::minutes(10);
    while ((next < conns_.size() || inFlight > 0) && Clock::now() < deadline) {
        while (next < conns_.size() && inFlight < parallel) {
            Conn& c = conns_[next++];
            if (!connect(c)) {
                fail(c, "cannot connect: " + std::string(std::strerror(errno)));
                continue;
            }
            send(c);
            ++inFlight;
        }
        const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
        for (int i = 0; i < n; ++i) {
            Conn& c = conns_[events[static_cast<std::size_t>(i)].data.u32];
            const bool was = c.waiting;
            onReadable(c);
            if (was && !c.waiting) --inFlight;
        }
    }
    return static_cast<int>(keepalives_.load() - before);
}

void KeptAliveFleet::start() {
    stopping_ = false;
    step_ = std::chrono::duration_cast<std::chrono::nanoseconds>(options_.interval) / std::max(1, options_.connections);
    start_ = Clock::now();
    nextSlot_ = 0;
    thread_ = std::thread([this] { loop(); });
}

void KeptAliveFleet::loop() {
    std::vector<epoll_event> events(4096);
    while (!stopping_) {
        const auto now = Clock::now();
        for (;;) {
            const auto due = start_ + step_ * static_cast<std::int64_t>(nextSlot_);
            if (due > now) break;
            send(conns_[nextSlot_ % conns_.size()]);
            ++nextSlot_;
        }
        const auto nextDue = start_ + step_ * static_cast<std::int64_t>(nextSlot_);
        const int waitMs = static_cast<int>(std::max<std::int64_t>(
            0, std::chrono::duration_cast<std::chrono::milliseconds>(nextDue - Clock::now()).count()));
        const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), std::min(waitMs, 50));
        for (int i = 0; i < n; ++i) onReadable(conns_[events[static_cast<std::size_t>(i)].data.u32]);
    }
}

KeptAliveWindow KeptAliveFleet::measure(std::chrono::milliseconds window) {
    {
        std::lock_guard lock(mutex_);
        latencies_.clear();
    }
    const auto k0 = keepalives_.load(), f0 = failed_.load(), r0 = reconnects_.load();
    const auto begin = Clock::now();
    std::this_thread::sleep_for(window);
    KeptAliveWindow w;
    w.seconds = std::chrono::duration<double>(Clock::now() - begin).count();
    w.keepalives = keepalives_.load() - k0;
    w.failed = failed_.load() - f0;
    w.reconnects = reconnects_.load() - r0;
    std::lock_guard lock(mutex_);
    w.latency.latenciesMs = latencies_;
    w.firstError = firstError_;
    return w;
}

void KeptAliveFleet::stop() {
    stopping_ = true;
    if (thread_.joinable()) thread_.join();
}

int KeptAliveFleet::open() const {
    int n = 0;
    for (const auto& c : conns_) n += c.fd >= 0 ? 1 : 0;
    return n;
}

}  // namespace passway::bench
