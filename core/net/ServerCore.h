#pragma once

#include "passway/net/HttpHandler.h"
#include "net/HttpServerOptions.h"
#include "net/LimitLog.h"
#include "net/ReadBufferPool.h"
#include "net/WorkerPool.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace passway {
class Histogram;
}

namespace passway::net {

class ConnectionBase;

// What every connection of one server shares. Owned by shared_ptr so that a
// responder a handler kept beyond stop() still finds the I/O context (its
// answer then goes nowhere).
class ServerCore {
public:
    ServerCore(HttpServerOptions options, std::shared_ptr<HttpHandler> handler);

    // Admission of a new connection from `source`; false (and counted) when
    // a connection limit is reached. A true admission is given back by release().
    bool admit(const std::string& source);
    void release(const std::string& source);
    std::size_t open() const;
    static std::atomic<std::size_t>& processOpen();

    std::uint64_t add(std::weak_ptr<ConnectionBase> connection);
    void remove(std::uint64_t id);
    std::vector<std::shared_ptr<ConnectionBase>> live() const;

    const HttpServerOptions options;
    std::shared_ptr<HttpHandler> handler;
    // The acceptor's context, run by the first I/O thread. Each further I/O
    // thread runs a context of its own (moreIo) and new connections are
    // dealt out in turn: a connection's handlers stay on one thread, so it
    // needs no strand, and the threads never wake one another. (Two threads
    // on one context cost 24 % of a core for 10,000 kept-alive terminals
    // where one thread took 14 %.)
    boost::asio::io_context io;
    std::vector<std::unique_ptr<boost::asio::io_context>> moreIo;
    // The I/O contexts in thread order: `io` first, then moreIo.
    std::size_t ioContextCount() const { return moreIo.size() + 1; }
    boost::asio::io_context& ioContext(std::size_t i) { return i == 0 ? io : *moreIo[i - 1]; }
    // The context of the next accepted connection; called by the accept loop only.
    boost::asio::io_context& nextConnectionContext() { return ioContext(nextContext_++ % ioContextCount()); }
    std::optional<boost::asio::ssl::context> tls;
    WorkerPool workers;
    LimitLog limits;
    // From a request's first byte read to its whole answer written (null
    // without metrics): passway_http_request_duration_seconds{listener}.
    Histogram* requestDuration = nullptr;
    ReadBufferPool readBuffers;
    std::atomic<bool> stopping{false};
    std::optional<boost::asio::ip::tcp::acceptor> acceptor;
    std::vector<std::thread> ioThreads;

private:
    mutable std::mutex mutex_;
    std::unordered_map<std::string, std::size_t> perSource_;
    std::size_t total_ = 0;
    std::uint64_t nextId_ = 1;
    std::size_t nextContext_ = 0;
    std::map<std::uint64_t, std::weak_ptr<ConnectionBase>> connections_;
};

} // namespace passway::net
