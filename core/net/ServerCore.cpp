#include "net/ServerCore.h"

#include "net/ConnectionBase.h"
#include "util/Metrics.h"

#include <algorithm>

namespace passway::net {

std::atomic<std::size_t>& ServerCore::processOpen() {
    static std::atomic<std::size_t> open{0};
    return open;
}

std::size_t ServerCore::open() const {
    std::lock_guard lock(mutex_);
    return total_;
}

ServerCore::ServerCore(HttpServerOptions o, std::shared_ptr<HttpHandler> h)
    : options(std::move(o)),
      handler(std::move(h)),
      io(1),
      workers(options.name, options.workers, options.queue),
      limits(options.name, options.metrics),
      readBuffers(options.keptReadBuffers) {
    for (int i = 1; i < options.ioThreads; ++i) moreIo.push_back(std::make_unique<boost::asio::io_context>(1));
    if (options.metrics) {
        requestDuration = &options.metrics->histogram(
            "passway_http_request_duration_seconds",
            "HTTP requests from their first byte read to their whole answer written (streamed answers left out)",
            "listener=\"" + options.name + "\"",
            {0.001, 0.0025, 0.005, 0.01, 0.02, 0.03, 0.04, 0.05, 0.075, 0.1, 0.25, 0.5, 1, 2.5, 5, 10});
    }
}

bool ServerCore::admit(const std::string& source) {
    std::lock_guard lock(mutex_);
    if (total_ >= options.maxConnections) {
        limits.hit("connections", source, std::to_string(total_) + " open");
        return false;
    }
    auto& mine = perSource_[source];
    if (mine >= options.maxConnectionsPerSource) {
        limits.hit("connections_per_source", source, std::to_string(mine) + " open");
        return false;
    }
    ++mine;
    ++total_;
    ++processOpen();
    return true;
}

void ServerCore::release(const std::string& source) {
    std::lock_guard lock(mutex_);
    auto it = perSource_.find(source);
    if (it != perSource_.end() && --it->second == 0) perSource_.erase(it);
    if (total_ > 0) {
        --total_;
        --processOpen();
    }
}

std::uint64_t ServerCore::add(std::weak_ptr<ConnectionBase> connection) {
    std::lock_guard lock(mutex_);
    const auto id = nextId_++;
    connections_.emplace(id, std::move(connection));
    return id;
}

void ServerCore::remove(std::uint64_t id) {
    std::lock_guard lock(mutex_);
    connections_.erase(id);
}

std::vector<std::shared_ptr<ConnectionBase>> ServerCore::live() const {
    std::lock_guard lock(mutex_);
    std::vector<std::shared_ptr<ConnectionBase>> out;
    out.reserve(connections_.size());
    for (const auto& [id, weak] : connections_)
        if (auto c = weak.lock()) out.push_back(std::move(c));
    return out;
}

} // namespace passway::net
