// The network front (core/net: HttpServer, its connections, deadlines and
// bounds) as a terminal meets it: each input is written to a real connection
// on 127.0.0.1, in pieces, and the client then half-closes and reads what
// comes back until the server closes.
// Input: first line = write sizes (each byte one write of 1..256 bytes,
// cycling), rest = the bytes the client sends (requests, pipelined or not).
//
// Besides crashes, the server's own promises are checked:
// - it answers or closes: after the client's half-close the connection ends
//   within kEnd (nothing is left waiting on a deadline);
// - what it sends starts as an HTTP/1.x response with a valid status;
// - a handler never sees a body over the limit planBody chose for it;
// - no connection outlives its socket: the server's count returns to 0.

#include "FuzzInput.h"
#include "net/HttpServer.h"

#include <Poco/Logger.h>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/parser.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <thread>

using namespace passway;
using namespace std::chrono_literals;

namespace {

constexpr auto kEnd = 10s;                    // a generous bound on a loaded 2-core machine
constexpr std::size_t kKeptReply = 1u << 20;  // reply bytes kept for the checks; the rest is read and dropped

// A promise of the server broken: says which before the trap, so a CI log
// names it (libFuzzer itself prints only "deadly signal").
[[noreturn]] void broken(const char* promise) {
    std::fprintf(stderr, "fuzz_net_http: broken: %s\n", promise);
    __builtin_trap();
}

class FuzzHandler : public net::HttpHandler {
public:
    net::BodyPlan planBody(const net::HttpRequest& head) override {
        net::BodyPlan plan;
        plan.limit = limitFor(head.path());
        if (head.path() == "/refuse") plan.refusal = net::HttpResponse::text(401, "no\n");
        return plan;
    }
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) override {
        if (request.body.size() > limitFor(request.path())) broken("a handler got a body over its plan's limit");
        const std::string path = request.path();
        if (path == "/throw") throw std::runtime_error("on purpose");
        if (path == "/stream") {
            auto stream = responder->stream(net::HttpResponse::text(200, "", "text/event-stream"));
            stream->write("a");
            stream->write(std::string(300, 'b'));
            stream->finish();
            return;
        }
        if (path == "/close") {
            auto answer = net::HttpResponse::text(200, "bye");
            answer.close = true;
            return responder->send(std::move(answer));
        }
        if (path == "/drop") return;  // dropped unanswered: the server answers 500
        responder->send(net::HttpResponse::text(200, request.method + " " + std::to_string(request.body.size())));
    }

private:
    static std::size_t limitFor(const std::string& path) { return path == "/small" ? 64 : 8192; }
};

net::HttpServer& server() {
    static net::HttpServer* instance = [] {
        // The limits' log lines (one per source and minute) are not what is tested.
        Poco::Logger::root().setLevel("none");
        Poco::Logger::get("net").setLevel("none");
        net::HttpServerOptions o;
        o.name = "fuzz";
        o.address = "127.0.0.1";
        o.ioThreads = 1;
        o.workers = 2;
        o.queue = 4;
        o.headerTimeout = 3s;
        o.bodyTimeout = 3s;
        o.idleTimeout = 3s;
        o.writeTimeout = 3s;
        o.maxHeaderBytes = 2048;
        o.maxHeaderCount = 16;
        return new net::HttpServer(o, std::make_shared<FuzzHandler>());  // lives for the process
    }();
    return *instance;
}

[[noreturn]] void failed(const char* what, int error) {
    std::fprintf(stderr, "fuzz_net_http: %s: %s\n", what, std::strerror(error));
    __builtin_trap();
}

// Non-blocking from the start: libFuzzer's timeout alarm interrupts blocking
// calls (EINTR), and a connect interrupted goes on in the background anyway.
int connectTo(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (fd < 0) failed("socket", errno);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        if (errno != EINPROGRESS && errno != EINTR) failed("connect", errno);
        pollfd p{fd, POLLOUT, 0};
        for (;;) {
            const int ready = ::poll(&p, 1, static_cast<int>(std::chrono::milliseconds(kEnd).count()));
            if (ready > 0) break;
            if (ready == 0) failed("connect", ETIMEDOUT);
            if (errno != EINTR) failed("connect (poll)", errno);
        }
        int error = 0;
        socklen_t length = sizeof error;
        ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
        if (error != 0) failed("connect", error);
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    // The client half-closes first, so its side would wait in TIME_WAIT for a
    // minute: at hundreds of inputs a second the local ports run out. The
    // conversation is over when the socket is closed, so close it abortively.
    const linger abortive{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    return fd;
}

// Writes `bytes` in the input's pieces while reading whatever the server
// answers meanwhile (it may answer pipelined requests before the last is
// written, or close early), half-closes, and reads to the end.
std::string converse(int fd, std::string_view bytes, fuzz::ChunkSizes sizes) {
    std::string reply;
    const auto deadline = std::chrono::steady_clock::now() + kEnd;
    std::size_t piece = std::min(bytes.size(), sizes.next());
    bool writing = true;
    for (;;) {
        if (writing && bytes.empty()) {
            ::shutdown(fd, SHUT_WR);
            writing = false;
        }
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left <= 0ms) broken("neither answered nor closed 10 s after the client's half-close");
        pollfd p{fd, static_cast<short>(POLLIN | (writing ? POLLOUT : 0)), 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) < 0) continue;
        if (p.revents & (POLLIN | POLLHUP | POLLERR)) {
            char buffer[16384];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR)) return reply;  // closed (or reset)
            if (n > 0 && reply.size() < kKeptReply) reply.append(buffer, static_cast<std::size_t>(n));
        }
        if (writing && (p.revents & POLLOUT)) {
            const ssize_t n = ::send(fd, bytes.data(), piece, MSG_NOSIGNAL);
            if (n < 0 && errno != EAGAIN && errno != EINTR) {
                writing = false;  // the server closed its side early (a refusal): read what it said
                ::shutdown(fd, SHUT_WR);
            } else if (n > 0) {
                bytes.remove_prefix(static_cast<std::size_t>(n));
                piece -= static_cast<std::size_t>(n);
                if (piece == 0) piece = std::min(bytes.size(), sizes.next());
            }
        }
    }
}

// The first answer must parse as an HTTP/1.x response head (1.0 to a 1.0 request).
void checkReply(const std::string& reply) {
    if (reply.empty()) return;  // closed without a word: allowed (a request cut short)
    boost::beast::http::response_parser<boost::beast::http::empty_body> parser;
    parser.skip(true);
    boost::system::error_code error;
    parser.put(boost::asio::buffer(reply), error);
    if (!parser.is_header_done()) broken("the answer does not start with a whole HTTP response head");
    const auto& head = parser.get();
    if ((head.version() != 11 && head.version() != 10) || head.result_int() < 100 || head.result_int() > 599)
        broken("the answer's status line is not HTTP/1.x with a status 100-599");
}

void waitForNoConnections(net::HttpServer& s) {
    const auto deadline = std::chrono::steady_clock::now() + kEnd;
    while (s.connections() != 0) {
        if (std::chrono::steady_clock::now() > deadline) broken("a connection outlived its socket by 10 s");
        std::this_thread::sleep_for(1ms);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = fuzz::splitFirstLine(data, size);
    net::HttpServer& s = server();
    const int fd = connectTo(s.port());
    const std::string reply = converse(fd, input.body, fuzz::ChunkSizes(input.header));
    ::close(fd);
    checkReply(reply);
    waitForNoConnections(s);
    return 0;
}
