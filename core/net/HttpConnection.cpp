#include <utility>  // before Asio: its awaitable.hpp uses std::exchange without including it

#include "net/HttpConnection.h"

#include "net/GrowingStringBody.h"

#include "net/ConnectionBase.h"
#include "net/Responder.h"
#include "net/ServerCore.h"
#include "net/StreamState.h"
#include "net/Wire.h"
#include "util/HandoffBatch.h"
#include "util/Histogram.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <deque>
#include <limits>

namespace passway::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using boost::system::error_code;
using Clock = std::chrono::steady_clock;

namespace {

auto awaitable(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

std::string plainAddress(const asio::ip::address& a) {
    if (a.is_v6() && a.to_v6().is_v4_mapped()) return asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6()).to_string();
    return a.to_string();
}

// Bytes accepted and dropped after an answer that refused a body, so the
// client reads the answer instead of a reset (closing a socket with unread
// data makes the kernel send RST).
constexpr std::size_t kMaxDrainBytes = 64u << 20;

// What an idle connection reads into first, and the most buffer it keeps
// between requests (a terminal's keepalive fits; a photo upload's does not).
constexpr std::size_t kFirstReadBytes = 1536;
constexpr std::size_t kKeptBufferBytes = 4096;
constexpr std::size_t kMaxBufferBytes = 64 * 1024;  // the read buffer's bound (the head is bounded lower)

template <class Stream>
constexpr bool isTls = !std::is_same_v<Stream, beast::tcp_stream>;

template <class Stream>
class Connection final : public ConnectionBase {
public:
    Connection(std::shared_ptr<ServerCore> core, Stream stream, std::string source)
        : core_(std::move(core)), stream_(std::move(stream)), wake_(stream_.get_executor()),
          source_(std::move(source)) {
        wake_.expires_at(Clock::time_point::max());
    }

    ~Connection() override {
        if (!released_) {
            released_ = true;
            core_->release(source_);
            core_->remove(id_);
        }
        if (stream_state_) stream_state_->closed();
    }

    void start() {
        id_ = core_->add(weak_from_this());
        auto self = std::static_pointer_cast<Connection>(shared_from_this());
        asio::co_spawn(stream_.get_executor(), [self]() { return self->run(); }, asio::detached);
    }

    void deliver(HttpResponse response) override {
        auto self = std::static_pointer_cast<Connection>(shared_from_this());
        // Gathered with the other answers of a record writer's batch
        // (HandoffBatch): one wake-up of this I/O thread for all of them.
        const auto executor = stream_.get_executor();
        HandoffBatch::handOff(
            &asio::query(executor, asio::execution::context),
            [executor](HandoffBatch::Work work) { asio::post(executor, std::move(work)); },
            [self, r = std::move(response)]() mutable {
                self->answer_ = std::move(r);
                self->wake_.cancel();
            });
    }
    void deliverStream(HttpResponse head, std::shared_ptr<StreamState> stream) override {
        auto self = std::static_pointer_cast<Connection>(shared_from_this());
        asio::post(stream_.get_executor(), [self, h = std::move(head), s = std::move(stream)]() mutable {
            self->answer_ = std::move(h);
            self->stream_state_ = std::move(s);
            self->wake_.cancel();
        });
    }
    void wake() override {
        auto self = std::static_pointer_cast<Connection>(shared_from_this());
        asio::post(stream_.get_executor(), [self] { self->wake_.cancel(); });
    }
    void closeIfIdle() override {
        auto self = std::static_pointer_cast<Connection>(shared_from_this());
        asio::post(stream_.get_executor(), [self] {
            if (self->idle_) self->cut();
        });
    }
    void closeNow() override {
        auto self = std::static_pointer_cast<Connection>(shared_from_this());
        asio::post(stream_.get_executor(), [self] { self->cut(); });
    }

private:
    auto& lowest() { return beast::get_lowest_layer(stream_); }

    void cut() {
        closing_ = true;
        error_code ignored;
        lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        lowest().cancel();
        wake_.cancel();
    }

    asio::awaitable<void> run() {
        error_code ec;
        if constexpr (isTls<Stream>) {
            lowest().expires_after(core_->options.headerTimeout);
            co_await stream_.async_handshake(asio::ssl::stream_base::server, awaitable(ec));
            if (ec) {
                if (ec == beast::error::timeout) core_->limits.hit("header_timeout", source_, "TLS handshake");
                finish();
                co_return;
            }
            capturePeerCertificate();
        }
        while (!closing_ && !core_->stopping) {
            if (!co_await serveOne()) break;
        }
        if (!closing_) {
            error_code ignored;
            lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
        }
        finish();
    }

    // An upload-sized buffer is kept for the next request within the server's
    // budget (net/ReadBufferPool.h), else the connection goes back to a small
    // one. A small one is always kept: a keepalive allocates nothing.
    void keepOrShrinkBuffer() {
        const std::size_t capacity = buffer_.capacity();
        if (keptBytes_ >= capacity) return;  // counted already
        core_->readBuffers.release(std::exchange(keptBytes_, 0));
        if (core_->readBuffers.keep(capacity)) {
            keptBytes_ = capacity;
        } else {
            buffer_.shrink_to_fit();
        }
    }

    void finish() {
        // A kept buffer goes to the next connection, still counted.
        if (keptBytes_) core_->readBuffers.park(std::move(buffer_), std::exchange(keptBytes_, 0));
        error_code ignored;
        lowest().socket().close(ignored);
        if (stream_state_) stream_state_->closed();
        stream_state_.reset();
        if (!released_) {
            released_ = true;
            core_->release(source_);
            core_->remove(id_);
        }
    }

    void capturePeerCertificate() {
        if constexpr (isTls<Stream>) {
            X509* cert = SSL_get_peer_certificate(stream_.native_handle());
            if (!cert) return;
            if (BIO* bio = BIO_new(BIO_s_mem())) {
                if (PEM_write_bio_X509(bio, cert)) {
                    char* data = nullptr;
                    const long n = BIO_get_mem_data(bio, &data);
                    if (n > 0) peerCertificate_.assign(data, static_cast<std::size_t>(n));
                }
                BIO_free(bio);
            }
            char subject[512];
            X509_NAME_oneline(X509_get_subject_name(cert), subject, sizeof subject);
            peerSubject_ = subject;
            X509_free(cert);
        }
    }

    // Reads, dispatches and answers one request. False: close the connection.
    asio::awaitable<bool> serveOne() {
        error_code ec;
        const auto& o = core_->options;
        requestStarted_ = Clock::now();  // bytes already read are this request's
        // An idle keep-alive connection waits here: a socket and its buffers, no thread.
        if (buffer_.size() == 0) {
            idle_ = true;
            lowest().expires_after(o.idleTimeout);
            // A connection that kept an upload's buffer reads the next whole
            // upload at once: one recv instead of a small one for the head first.
            const std::size_t room = std::max(kFirstReadBytes, buffer_.capacity());
            const std::size_t n = co_await stream_.async_read_some(buffer_.prepare(room), awaitable(ec));
            idle_ = false;
            if (ec) co_return false;  // idle timeout, client gone or server stopping: no answer owed
            buffer_.commit(n);
            requestStarted_ = Clock::now();
        }
        // From the first byte, the whole head must arrive within header_timeout.
        http::request_parser<GrowingStringBody> parser;  // grows with what arrives, not with what is declared
        parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(o.maxHeaderBytes, UINT32_MAX)));
        parser.body_limit(std::numeric_limits<std::uint64_t>::max());  // decided from the head, below
        lowest().expires_after(o.headerTimeout);
        co_await http::async_read_header(stream_, buffer_, parser, awaitable(ec));
        if (ec) {
            if (ec == beast::error::timeout) {
                core_->limits.hit("header_timeout", source_);
            } else if (ec == http::error::header_limit) {
                core_->limits.hit("header_bytes", source_);
                co_await refuse(HttpResponse::text(431, "request header fields too large\n"), false);
            } else if (ec != http::error::end_of_stream && ec != asio::error::eof &&
                       ec != asio::error::operation_aborted && ec != asio::error::connection_reset) {
                co_await refuse(HttpResponse::text(400, "malformed request\n"), false);
            }
            co_return false;
        }
        HttpRequest request = headOf(parser.get());
        if (request.headers.size() > o.maxHeaderCount) {
            core_->limits.hit("header_count", source_);
            co_await refuse(HttpResponse::text(431, "too many header fields\n"), request.hasBody());
            co_return false;
        }
        BodyPlan plan;
        try {
            plan = core_->handler->planBody(request);
        } catch (...) {
            plan.refusal = HttpResponse::text(500, "internal error\n");
        }
        const bool hasBody = request.hasBody();
        if (plan.refusal) {
            plan.refusal->close = plan.refusal->close || hasBody;
            co_return co_await answerOnly(request, std::move(*plan.refusal), hasBody);
        }
        const auto declared = request.contentLength();
        if (declared && *declared > plan.limit) {
            core_->limits.hit("body_bytes", source_, std::to_string(*declared) + " bytes declared");
            co_return co_await answerOnly(request, tooLarge(request), true);
        }
        if (hasBody) {
            if (HttpHeaders::equal(request.header("Expect"), "100-continue")) {
                static const std::string kContinue = "HTTP/1.1 100 Continue\r\n\r\n";
                lowest().expires_after(o.writeTimeout);
                co_await asio::async_write(stream_, asio::buffer(kContinue), awaitable(ec));
                if (ec) co_return false;
            }
            parser.body_limit(plan.limit);
            // Room for the body (up to the buffer's 64 KiB), so a photo
            // upload takes a few reads instead of one per 4 KiB.
            const std::size_t room = declared ? static_cast<std::size_t>(std::min<std::uint64_t>(*declared, kMaxBufferBytes))
                                              : kMaxBufferBytes / 4;
            if (keptBytes_ == 0 && buffer_.capacity() < buffer_.size() + room) keptBytes_ = core_->readBuffers.reuse(buffer_);
            buffer_.reserve(std::min(kMaxBufferBytes, buffer_.size() + room));
            const auto started = Clock::now();
            std::size_t received = 0;
            while (!parser.is_done()) {
                // The body must keep a minimum rate once its grace is over.
                const auto allowance = o.bodyTimeout + std::chrono::milliseconds(received * 1000 / std::max<std::size_t>(1, o.bodyMinRate));
                lowest().expires_at(started + allowance);
                received += co_await http::async_read_some(stream_, buffer_, parser, awaitable(ec));
                if (ec == http::error::body_limit) {
                    core_->limits.hit("body_bytes", source_, "over " + std::to_string(plan.limit) + " bytes");
                    co_await refuse(tooLarge(request), false);
                    co_return false;
                }
                if (ec == beast::error::timeout) {
                    // The stream closed the socket on its deadline: no answer is possible, nor owed.
                    core_->limits.hit("body_rate", source_, std::to_string(received) + " bytes read");
                    co_return false;
                }
                if (ec) co_return false;
            }
            request.body = std::move(parser.get().body());
        }
        request.keepAlive = parser.get().keep_alive();
        if (buffer_.size() == 0 && buffer_.capacity() > kKeptBufferBytes) keepOrShrinkBuffer();
        co_return co_await dispatch(std::move(request));
    }

    HttpResponse tooLarge(const HttpRequest& request) {
        HttpResponse r;
        try {
            r = core_->handler->tooLarge(request);
        } catch (...) {
            r = HttpResponse::text(413, "request body too large\n");
        }
        r.close = true;
        return r;
    }

    // The socket's two addresses do not change: asked once per connection,
    // not twice per request (two system calls each time).
    struct Endpoints {
        std::string peerAddress, localAddress;
        std::uint16_t peerPort = 0, localPort = 0;
    };
    const Endpoints& endpoints() {
        if (endpoints_) return *endpoints_;
        Endpoints e;
        error_code ec;
        const auto peer = lowest().socket().remote_endpoint(ec);
        if (!ec) {
            e.peerAddress = plainAddress(peer.address());
            e.peerPort = peer.port();
        }
        const auto local = lowest().socket().local_endpoint(ec);
        if (!ec) {
            e.localAddress = plainAddress(local.address());
            e.localPort = local.port();
        }
        return endpoints_.emplace(std::move(e));
    }

    HttpRequest headOf(const http::request<GrowingStringBody>& message) {
        HttpRequest r;
        r.method = std::string(message.method_string());
        r.target = std::string(message.target());
        r.versionMajor = static_cast<int>(message.version() / 10);
        r.versionMinor = static_cast<int>(message.version() % 10);
        for (const auto& field : message) r.headers.add(std::string(field.name_string()), std::string(field.value()));
        const Endpoints& ends = endpoints();
        r.peerAddress = ends.peerAddress;
        r.peerPort = ends.peerPort;
        r.localAddress = ends.localAddress;
        r.localPort = ends.localPort;
        r.secure = isTls<Stream>;
        r.peerCertificate = peerCertificate_;
        r.peerSubject = peerSubject_;
        return r;
    }

    // An answer given from the head alone; a body on the wire is drained
    // (within the body deadlines) before the connection closes.
    asio::awaitable<bool> answerOnly(const HttpRequest& request, HttpResponse response, bool bodyOnWire) {
        const bool keep = request.keepAlive && !response.close && !bodyOnWire;
        co_await writeWhole(request, response, keep);
        if (bodyOnWire) co_await drain(request.contentLength().value_or(kMaxDrainBytes));
        co_return keep;
    }

    asio::awaitable<void> refuse(HttpResponse response, bool bodyOnWire) {
        HttpRequest request;  // HTTP/1.1, nothing known
        co_await writeWhole(request, response, false);
        if (bodyOnWire) co_await drain(kMaxDrainBytes);
    }

    asio::awaitable<void> drain(std::uint64_t limit) {
        error_code ec;
        lowest().socket().shutdown(asio::ip::tcp::socket::shutdown_send, ec);
        const auto& o = core_->options;
        const auto started = Clock::now();
        std::uint64_t dropped = buffer_.size();
        buffer_.consume(buffer_.size());
        limit = std::min<std::uint64_t>(limit, kMaxDrainBytes);
        while (dropped < limit) {
            const auto allowance = o.bodyTimeout + std::chrono::milliseconds(dropped * 1000 / std::max<std::size_t>(1, o.bodyMinRate));
            lowest().expires_at(started + allowance);
            const std::size_t n = co_await stream_.async_read_some(buffer_.prepare(16384), awaitable(ec));
            if (ec) break;
            dropped += n;
        }
        buffer_.consume(buffer_.size());
    }

    asio::awaitable<bool> writeWhole(const HttpRequest& request, const HttpResponse& response, bool keepAlive) {
        error_code ec;
        const std::string head = responseHead(response, request, keepAlive, false);
        lowest().expires_after(core_->options.writeTimeout);
        if (request.method == "HEAD") {
            co_await asio::async_write(stream_, asio::buffer(head), awaitable(ec));
        } else {
            const std::array<asio::const_buffer, 2> parts{asio::buffer(head), asio::buffer(response.body)};
            co_await asio::async_write(stream_, parts, awaitable(ec));
        }
        co_return !ec;
    }

    asio::awaitable<bool> dispatch(HttpRequest request) {
        const bool head = request.method == "HEAD";
        auto responder = std::make_shared<Responder>(shared_from_this(), head);
        auto shared = std::make_shared<HttpRequest>(std::move(request));
        auto core = core_;
        const bool queued = core_->workers.submit([core, shared, responder]() mutable {
            try {
                core->handler->handle(*shared, responder);
            } catch (...) {
                HttpResponse failure = HttpResponse::text(500, "internal error\n");
                failure.close = true;
                responder->send(std::move(failure));
            }
            responder.reset();  // unanswered and not kept: 500 now, not later
        });
        if (!queued) {
            // Answered here, on the I/O thread, without queueing without limit.
            responder->dismiss();
            core_->limits.hit("worker_queue", source_);
            HttpResponse busy = HttpResponse::text(503, "server busy; retry later\n");
            busy.headers.set("Retry-After", "1");
            co_return co_await writeWhole(*shared, busy, shared->keepAlive) && shared->keepAlive;
        }
        responder.reset();
        while (!answer_ && !closing_) {
            error_code ec;
            co_await wake_.async_wait(awaitable(ec));
        }
        if (!answer_) co_return false;
        HttpResponse response = std::move(*answer_);
        answer_.reset();
        if (stream_state_) co_return co_await streamBody(*shared, std::move(response));
        const bool keep = shared->keepAlive && !response.close && !core_->stopping;
        const bool written = co_await writeWhole(*shared, response, keep);
        if (written && core_->requestDuration) {
            core_->requestDuration->observe(std::chrono::duration<double>(Clock::now() - requestStarted_).count());
        }
        co_return written && keep;
    }

    // A streamed answer: chunks as the handler writes them, while a read
    // watches for the client leaving. The connection closes at its end.
    asio::awaitable<bool> streamBody(const HttpRequest& request, HttpResponse head) {
        auto state = stream_state_;
        error_code ec;
        lowest().expires_never();
        const std::string headBytes = responseHead(head, request, false, request.method != "HEAD");
        co_await asio::async_write(stream_, asio::buffer(headBytes), awaitable(ec));
        if (ec || request.method == "HEAD") co_return false;
        watchPeer();
        for (;;) {
            auto taken = state->take();
            if (!taken.chunks.empty() && !taken.aborted) {
                std::vector<std::string> framed;
                framed.reserve(taken.chunks.size() + 1);
                for (auto& c : taken.chunks) framed.push_back(chunkOf(c));
                if (taken.finished) framed.push_back(lastChunk());
                std::vector<asio::const_buffer> buffers;
                for (const auto& f : framed) buffers.push_back(asio::buffer(f));
                co_await asio::async_write(stream_, buffers, awaitable(ec));
                state->written(taken.chunks.size());
                if (ec) co_return false;
                if (taken.finished) co_return false;
                continue;
            }
            state->written(taken.chunks.size());
            if (taken.aborted || peerGone_ || closing_) co_return false;
            if (taken.finished) {
                co_await asio::async_write(stream_, asio::buffer(lastChunk()), awaitable(ec));
                co_return false;
            }
            co_await wake_.async_wait(awaitable(ec));
        }
    }

    void watchPeer() {
        auto self = std::static_pointer_cast<Connection>(shared_from_this());
        stream_.async_read_some(asio::buffer(scratch_), [self](error_code ec, std::size_t) {
            if (ec) {
                self->peerGone_ = true;
                self->wake_.cancel();
                return;
            }
            if (!self->closing_ && !self->peerGone_) self->watchPeer();  // bytes after a stream's request are dropped
        });
    }

    std::shared_ptr<ServerCore> core_;
    Stream stream_;
    asio::steady_timer wake_;
    const std::string source_;
    std::uint64_t id_ = 0;
    beast::flat_buffer buffer_{kMaxBufferBytes};
    std::size_t keptBytes_ = 0;  // of buffer_, counted in core_->readBuffers
    std::string peerCertificate_, peerSubject_;
    std::optional<Endpoints> endpoints_;
    std::optional<HttpResponse> answer_;
    std::shared_ptr<StreamState> stream_state_;
    std::array<char, 512> scratch_{};
    bool idle_ = false, closing_ = false, peerGone_ = false, released_ = false;
    Clock::time_point requestStarted_{};  // the first byte of the request being served
};

} // namespace

void startConnection(std::shared_ptr<ServerCore> core, asio::ip::tcp::socket socket, std::string source) {
    error_code ignored;
    socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    if (core->tls) {
        using Tls = beast::ssl_stream<beast::tcp_stream>;
        auto c = std::make_shared<Connection<Tls>>(core, Tls(beast::tcp_stream(std::move(socket)), *core->tls),
                                                   std::move(source));
        c->start();
    } else {
        auto c = std::make_shared<Connection<beast::tcp_stream>>(core, beast::tcp_stream(std::move(socket)),
                                                                 std::move(source));
        c->start();
    }
}

} // namespace passway::net
