#include "TcpjsonFleet.h"

#include "wire/JsonStreamSplitter.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <set>
#include <sstream>
#include <stdexcept>

namespace passway::bench {

struct TcpjsonFleet::Terminal {
    int fd = -1;
    std::string uuid;
    tcpjson::JsonStreamSplitter splitter{64u << 20};
    bool identified = false;
    std::set<std::string> persons;
};

TcpjsonFleet::TcpjsonFleet(std::uint16_t port, int count, std::string uuidPrefix)
    : port_(port), count_(count), uuidPrefix_(std::move(uuidPrefix)) {}

TcpjsonFleet::~TcpjsonFleet() { stop(); }

int TcpjsonFleet::connectAll() {
    epoll_ = epoll_create1(0);
    if (epoll_ < 0) throw std::runtime_error(std::string("epoll_create1: ") + std::strerror(errno));
    terminals_.reserve(static_cast<std::size_t>(count_));
    for (int i = 0; i < count_; ++i) {
        auto t = std::make_unique<Terminal>();
        t->uuid = uuidPrefix_ + std::to_string(i);
        terminals_.push_back(std::move(t));
    }
    thread_ = std::thread([this] { loop(); });
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    for (auto& t : terminals_) {
        const int fd = socket(AF_INET, SOCK_STREAM, 0);
        if (fd < 0) break;  // out of descriptors: report what connected
        if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
            ::close(fd);
            continue;
        }
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
        t->fd = fd;
        epoll_event event{};
        event.events = EPOLLIN;
        event.data.ptr = t.get();
        epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
        ++open_;
    }
    return open_;
}

void TcpjsonFleet::stop() {
    if (stopping_.exchange(true)) return;
    if (thread_.joinable()) thread_.join();
    for (auto& t : terminals_) {
        if (t->fd >= 0) ::close(t->fd);
        t->fd = -1;
    }
    if (epoll_ >= 0) ::close(epoll_);
    epoll_ = -1;
}

void TcpjsonFleet::loop() {
    std::vector<epoll_event> events(1024);
    while (!stopping_) {
        const int n = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 100);
        for (int i = 0; i < n; ++i) onReadable(*static_cast<Terminal*>(events[i].data.ptr));
    }
}

void TcpjsonFleet::onReadable(Terminal& t) {
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::recv(t.fd, buffer, sizeof buffer, 0);
        if (n > 0) {
            std::vector<std::string> objects;
            try {
                t.splitter.feed(std::string_view(buffer, static_cast<std::size_t>(n)), objects);
            } catch (const std::exception&) {
                // The host never sends what the splitter refuses; drop the rest of this read.
            }
            for (const auto& o : objects) answer(t, o);
            continue;
        }
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
        epoll_ctl(epoll_, EPOLL_CTL_DEL, t.fd, nullptr);
        ::close(t.fd);
        t.fd = -1;
        --open_;
        return;
    }
}

void TcpjsonFleet::answer(Terminal& t, const std::string& text) {
    Poco::JSON::Object::Ptr request;
    try {
        request = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
        return;
    }
    if (request->optValue<int>("type", 1) != 1) return;
    ++requests_;
    const std::string mod = request->optValue<std::string>("mod", "");
    Poco::JSON::Object reply(Poco::JSON_PRESERVE_KEY_ORDER);
    reply.set("mod", mod);
    reply.set("session_id", request->optValue<std::string>("session_id", ""));
    reply.set("type", 2);
    reply.set("code", 0);
    reply.set("message", "");
    if (mod == "get_device_info") {
        Poco::JSON::Object::Ptr info = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        info->set("uuid", t.uuid);
        info->set("address", "bench");
        info->set("software_version", "V3.2.1");
        reply.set("device_info", info);
        if (!t.identified) {
            t.identified = true;
            ++identified_;
        }
    } else if (mod == "download_person" || mod == "update_person") {
        const auto info = request->getObject("person_info");
        const std::string id = info ? info->optValue<std::string>("person_id", "") : "";
        if (!id.empty() && t.persons.insert(id).second) {
            std::lock_guard lock(mutex_);
            ++holding_[id];
        }
    }
    std::ostringstream out;
    reply.stringify(out);
    const std::string bytes = out.str();
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(t.fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n <= 0) {
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                std::this_thread::sleep_for(std::chrono::microseconds(100));
                continue;
            }
            return;
        }
        sent += static_cast<std::size_t>(n);
    }
}

int TcpjsonFleet::holding(const std::string& personId) const {
    std::lock_guard lock(mutex_);
    const auto found = holding_.find(personId);
    return found == holding_.end() ? 0 : found->second;
}

}  // namespace passway::bench
