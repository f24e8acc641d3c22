#include <utility>  // before Asio: its awaitable.hpp uses std::exchange without including it

#include "net/HttpServer.h"

#include "net/HttpConnection.h"
#include "net/ConnectionBase.h"
#include "net/ServerCore.h"
#include "net/TlsPolicy.h"
#include "util/Metrics.h"
#include "util/ThreadName.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

#include <Poco/Logger.h>

#include <openssl/ssl.h>

#include <future>
#include <stdexcept>
#include <thread>

namespace passway::net {

namespace asio = boost::asio;
using boost::system::error_code;

namespace {

// A site's terminals reconnect together (after a power cut, at a shift
// change); the kernel caps it at net.core.somaxconn.
constexpr int kBacklog = 4096;

void configureTls(ServerCore& core) {
    const auto& o = core.options;
    if (o.certificateFile.empty() || o.privateKeyFile.empty())
        throw std::invalid_argument("a TLS listener needs a certificate file and a private key file");
    auto& ctx = core.tls.emplace(asio::ssl::context::tls_server);
    ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                    asio::ssl::context::no_sslv3 | asio::ssl::context::single_dh_use);
    TlsPolicy::apply(ctx.native_handle());
    ctx.use_certificate_chain_file(o.certificateFile);
    ctx.use_private_key_file(o.privateKeyFile, asio::ssl::context::pem);
    if (!o.caFile.empty()) {
        ctx.load_verify_file(o.caFile);
        ctx.set_verify_mode(asio::ssl::verify_peer | asio::ssl::verify_fail_if_no_peer_cert);
    }
    // With client certificates OpenSSL refuses session resumption unless the
    // cache has an id context; terminals reconnect often, so keep the cache.
    static const unsigned char kContext[] = "passway";
    SSL_CTX_set_session_id_context(ctx.native_handle(), kContext, sizeof kContext - 1);
}

// A refused connection hears why, if its socket takes a few bytes at once.
void refuse(asio::ip::tcp::socket& socket) {
    static const std::string kBusy =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\nRetry-After: 5\r\n\r\n";
    error_code ec;
    socket.non_blocking(true, ec);
    socket.write_some(asio::buffer(kBusy), ec);
    socket.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket.close(ec);
}

asio::awaitable<void> acceptLoop(std::shared_ptr<ServerCore> core) {
    for (;;) {
        error_code ec;
        // Accepted onto the context (and so the thread) that will serve it.
        asio::ip::tcp::socket socket(core->nextConnectionContext());
        co_await core->acceptor->async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
        if (core->stopping) co_return;
        if (ec) {
            if (ec == asio::error::operation_aborted || ec == asio::error::bad_descriptor) co_return;
            // Out of descriptors and the like: wait a little instead of spinning.
            asio::steady_timer pause(core->io, std::chrono::milliseconds(50));
            co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
            continue;
        }
        error_code peerError;
        auto peer = socket.remote_endpoint(peerError).address();
        if (peer.is_v6() && peer.to_v6().is_v4_mapped()) peer = asio::ip::make_address_v4(asio::ip::v4_mapped, peer.to_v6());
        std::string source = peerError ? std::string("?") : peer.to_string();
        if (!core->options.allowedNetworks.allows(source)) {
            // Not a client of this listener: closed before a byte is read, no answer to probe.
            core->limits.hit("allowed_networks", source);
            error_code ignored;
            socket.close(ignored);
            continue;
        }
        if (!core->admit(source)) {
            refuse(socket);
            continue;
        }
        startConnection(core, std::move(socket), std::move(source));
    }
}

} // namespace

HttpServer::HttpServer(HttpServerOptions options, std::shared_ptr<HttpHandler> handler) {
    if (!handler) throw std::invalid_argument("HttpServer: no handler");
    const std::string where = options.address + ":" + std::to_string(options.port);
    const bool tls = options.tls;
    try {
        core_ = std::make_shared<ServerCore>(std::move(options), std::move(handler));
        if (tls) configureTls(*core_);
        const asio::ip::tcp::endpoint endpoint(asio::ip::make_address(core_->options.address), core_->options.port);
        auto& acceptor = core_->acceptor.emplace(core_->io);
        acceptor.open(endpoint.protocol());
        // SO_REUSEADDR so a restart does not wait for TIME_WAIT; never
        // SO_REUSEPORT, which would let two listeners share a port silently.
        acceptor.set_option(asio::socket_base::reuse_address(true));
        acceptor.bind(endpoint);
        acceptor.listen(kBacklog);
        port_ = acceptor.local_endpoint().port();
    } catch (const std::exception& e) {
        if (core_) core_->workers.stop();
        throw std::runtime_error("cannot listen on " + where + (tls ? " (TLS)" : "") + ": " + e.what());
    }
    asio::co_spawn(core_->io, acceptLoop(core_), asio::detached);
    for (std::size_t i = 0; i < core_->ioContextCount(); ++i) {
        asio::io_context& context = core_->ioContext(i);
        core_->ioThreads.emplace_back([core = core_.get(), &context, label = core_->options.name.substr(0, 11) + "-io" + std::to_string(i)] {
            nameThisThread(label);
            // Runs until stop(), with or without connections.
            const auto working = asio::make_work_guard(context);
            for (;;) {
                try {
                    context.run();
                    return;
                } catch (const std::exception& e) {
                    Poco::Logger::get("net").error(core->options.name + ": I/O thread: " + e.what());
                }
            }
        });
    }
}

HttpServer::~HttpServer() {
    try {
        stop(std::chrono::seconds(5));
    } catch (...) {
    }
}

std::string HttpServer::describe() const {
    return std::string(core_->options.tls ? "https " : "http ") + core_->options.address + ":" + std::to_string(port_);
}

std::size_t HttpServer::connections() const { return core_->open(); }

std::size_t HttpServer::openConnections() { return ServerCore::processOpen().load(); }

void HttpServer::stop(std::chrono::milliseconds grace) {
    if (!core_ || core_->stopping.exchange(true)) return;
    auto core = core_;
    // Closed on its own thread, and waited for: when stop() returns the port is free.
    auto closed = std::make_shared<std::promise<void>>();
    asio::post(core->io, [core, closed] {
        error_code ignored;
        core->acceptor->close(ignored);
        closed->set_value();
    });
    closed->get_future().wait_for(std::chrono::seconds(5));
    for (auto& c : core->live()) c->closeIfIdle();
    const auto deadline = std::chrono::steady_clock::now() + grace;
    while (core->workers.busy() > 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Answers given meanwhile still go out; each such connection closes
    // after its answer (the server is stopping). What is left at the
    // deadline (a client mid-request, a stream) is cut.
    while (core->open() > 0 && std::chrono::steady_clock::now() < deadline) {
        for (auto& c : core->live()) c->closeIfIdle();
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    for (auto& c : core->live()) c->closeNow();
    const auto cutDeadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (core->open() > 0 && std::chrono::steady_clock::now() < cutDeadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    // Handlers first (they may still answer), then the I/O threads.
    core->workers.stop();
    for (std::size_t i = 0; i < core->ioContextCount(); ++i) core->ioContext(i).stop();
    for (auto& t : core->ioThreads)
        if (t.joinable()) t.join();
    core->ioThreads.clear();
    // What is left in the contexts (the accept loop's last completion,
    // answers posted late) holds the core: run it out here, so nothing keeps
    // the core alive through its own context.
    error_code ignored;
    core->acceptor->close(ignored);
    for (std::size_t i = 0; i < core->ioContextCount(); ++i) {
        core->ioContext(i).restart();
        core->ioContext(i).run_for(std::chrono::milliseconds(500));
    }
}

} // namespace passway::net
