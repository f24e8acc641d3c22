#include <boost/test/unit_test.hpp>

// The event-driven HTTP server alone, over 127.0.0.1 with raw sockets:
// keep-alive, pipelining, chunked bodies, Expect: 100-continue, HEAD, bodies
// refused before they are read, answers given later from another thread,
// streams, and each deadline and bound (with small values, so the test is
// quick; bounds on times are generous, for a loaded machine).

#include "RawHttp.h"
#include "support/TempDir.h"
#include "net/HttpServer.h"
#include "support/Loopback.h"
#include "util/Metrics.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

using namespace passway;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

class TestHandler : public net::HttpHandler {
public:
    std::atomic<int> handled{0};
    std::atomic<int> planned{0};
    std::mutex mutex;
    std::condition_variable released;
    bool open = false;  // /block waits for it

    std::string lastSubject() {
        std::lock_guard lock(mutex);
        return subject_;
    }
    std::string lastCertificate() {
        std::lock_guard lock(mutex);
        return certificate_;
    }
    std::string subject_, certificate_;

    void release() {
        {
            std::lock_guard lock(mutex);
            open = true;
        }
        released.notify_all();
    }

    net::BodyPlan planBody(const net::HttpRequest& head) override {
        ++planned;
        net::BodyPlan plan;
        plan.limit = head.path() == "/small" ? 100 : 1u << 20;
        if (head.path() == "/refuse") plan.refusal = net::HttpResponse::text(401, "no\n");
        return plan;
    }
    net::HttpResponse tooLarge(const net::HttpRequest&) override { return net::HttpResponse::text(413, "too big\n"); }
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) override {
        ++handled;
        const std::string path = request.path();
        if (path == "/throw") throw std::runtime_error("on purpose");
        if (path == "/slow") std::this_thread::sleep_for(300ms);
        if (path == "/block") {
            std::unique_lock lock(mutex);
            released.wait_for(lock, 30s, [&] { return open; });
        }
        if (path == "/later") {
            std::thread([responder] {
                std::this_thread::sleep_for(50ms);
                responder->send(net::HttpResponse::text(200, "later"));
            }).detach();
            return;
        }
        if (path == "/stream") {
            auto stream = responder->stream(net::HttpResponse::text(200, "", "text/event-stream"));
            std::thread([stream] {
                for (int i = 0; i < 3; ++i) stream->write("part" + std::to_string(i) + ";");
                stream->finish();
            }).detach();
            return;
        }
        if (path == "/peer") return responder->send(net::HttpResponse::text(200, request.peerAddress));
        {
            std::lock_guard lock(mutex);
            subject_ = request.peerSubject;
            certificate_ = request.peerCertificate;
        }
        responder->send(net::HttpResponse::text(200, request.method + " " + request.target + " " + request.body));
    }
};

struct Server {
    explicit Server(std::function<void(net::HttpServerOptions&)> adjust = {}) {
        net::HttpServerOptions o;
        o.name = "test";
        o.address = "127.0.0.1";
        o.ioThreads = 1;
        o.workers = 2;
        o.queue = 8;
        o.metrics = &metrics;
        if (adjust) adjust(o);
        server = std::make_unique<net::HttpServer>(o, handler);
    }
    std::uint64_t limit(const std::string& name) {
        return metrics.counter("passway_net_limit_total", "", "listener=\"test\",limit=\"" + name + "\"").load();
    }
    Metrics metrics;
    std::shared_ptr<TestHandler> handler = std::make_shared<TestHandler>();
    std::unique_ptr<net::HttpServer> server;
};

std::string get(const std::string& path) { return "GET " + path + " HTTP/1.1\r\nHost: t\r\n\r\n"; }

} // namespace

BOOST_AUTO_TEST_CASE(keep_alive_and_pipelined_requests_are_answered_in_order) {
    Server s;
    RawHttp c(s.server->port());
    BOOST_REQUIRE(c.send(get("/a")));
    auto first = c.read();
    BOOST_REQUIRE(first);
    BOOST_TEST(first->body == "GET /a ");
    // Three requests in one write: three answers, in order, on the same connection.
    BOOST_REQUIRE(c.send(get("/slow") + get("/b") + "POST /c HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz"));
    for (const char* expected : {"GET /slow ", "GET /b ", "POST /c xyz"}) {
        auto r = c.read();
        BOOST_REQUIRE(r);
        BOOST_TEST(r->body == expected);
    }
    BOOST_TEST(s.server->connections() == 1u);
}

BOOST_AUTO_TEST_CASE(chunked_bodies_and_expect_100_continue) {
    Server s;
    RawHttp c(s.server->port());
    BOOST_REQUIRE(c.send("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"));
    auto chunked = c.read();
    BOOST_REQUIRE(chunked);
    BOOST_TEST(chunked->body == "POST /x abcde");

    BOOST_REQUIRE(c.send("POST /y HTTP/1.1\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
    auto proceed = c.read();
    BOOST_REQUIRE(proceed);
    BOOST_TEST(proceed->status == 100);
    BOOST_REQUIRE(c.send("wxyz"));
    auto answer = c.read();
    BOOST_REQUIRE(answer);
    BOOST_TEST(answer->body == "POST /y wxyz");
}

BOOST_AUTO_TEST_CASE(a_body_over_the_limit_is_refused_before_it_is_read) {
    Server s;
    RawHttp c(s.server->port());
    // Declared too large: 413 at once, though not a byte of the body was sent.
    BOOST_REQUIRE(c.send("POST /small HTTP/1.1\r\nContent-Length: 5000\r\n\r\n"));
    auto refused = c.read(5s);
    BOOST_REQUIRE(refused);
    BOOST_TEST(refused->status == 413);
    BOOST_TEST(refused->header("connection") == "close");
    BOOST_TEST(s.handler->handled.load() == 0);
    BOOST_TEST(s.limit("body_bytes") == 1u);

    // Chunked, found too large while reading.
    RawHttp d(s.server->port());
    BOOST_REQUIRE(d.send("POST /small HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n80\r\n" + std::string(128, 'a') + "\r\n"));
    auto late = d.read(5s);
    BOOST_REQUIRE(late);
    BOOST_TEST(late->status == 413);

    // A refusal from the head: the body is never read either.
    RawHttp e(s.server->port());
    BOOST_REQUIRE(e.send("POST /refuse HTTP/1.1\r\nContent-Length: 100000\r\n\r\n"));
    auto no = e.read(5s);
    BOOST_REQUIRE(no);
    BOOST_TEST(no->status == 401);
    BOOST_TEST(s.handler->handled.load() == 0);
}

BOOST_AUTO_TEST_CASE(answers_later_from_another_thread_streams_and_failures) {
    Server s;
    RawHttp c(s.server->port());
    BOOST_REQUIRE(c.send(get("/later")));
    auto later = c.read();
    BOOST_REQUIRE(later);
    BOOST_TEST(later->body == "later");
    BOOST_REQUIRE(c.send(get("/throw")));
    auto failed = c.read();
    BOOST_REQUIRE(failed);
    BOOST_TEST(failed->status == 500);

    RawHttp h(s.server->port());
    h.expectHeadOnly(true);
    BOOST_REQUIRE(h.send("HEAD /a HTTP/1.1\r\n\r\n"));
    auto head = h.read();
    BOOST_REQUIRE(head);
    BOOST_TEST(head->header("content-length") == "8");  // of "HEAD /a ", not sent

    RawHttp st(s.server->port());
    BOOST_REQUIRE(st.send(get("/stream")));
    auto streamed = st.read();
    BOOST_REQUIRE(streamed);
    BOOST_TEST(streamed->header("transfer-encoding") == "chunked");
    BOOST_TEST(streamed->body == "part0;part1;part2;");
}

// Each whole answer is timed from the request's first byte to the answer
// written, per listener; a streamed answer is left out.
BOOST_AUTO_TEST_CASE(answered_requests_are_timed_in_the_listeners_histogram) {
    Server s;
    const auto count = [&] {
        const std::string text = s.metrics.render();
        const std::string key = "passway_http_request_duration_seconds_count{listener=\"test\"} ";
        const auto at = text.find(key);
        return at == std::string::npos ? -1 : std::stoi(text.substr(at + key.size()));
    };
    BOOST_TEST(count() == 0);
    RawHttp c(s.server->port());
    BOOST_REQUIRE(c.send(get("/a")));
    BOOST_REQUIRE(c.read());
    BOOST_REQUIRE(c.send(get("/slow")));  // answered after 300 ms at least
    BOOST_REQUIRE(c.read());
    RawHttp st(s.server->port());
    BOOST_REQUIRE(st.send(get("/stream")));
    BOOST_REQUIRE(st.read());
    BOOST_TEST(eventually([&] { return count() == 2; }));
    const std::string text = s.metrics.render();
    BOOST_TEST(text.find("# TYPE passway_http_request_duration_seconds histogram") != std::string::npos);
    // The slow one lies above the 0.25 s bound; both lie below +Inf.
    BOOST_TEST(text.find("passway_http_request_duration_seconds_bucket{listener=\"test\",le=\"0.25\"} 1\n") !=
               std::string::npos);
    BOOST_TEST(text.find("passway_http_request_duration_seconds_bucket{listener=\"test\",le=\"+Inf\"} 2\n") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(header_deadline_size_and_count) {
    Server s([](net::HttpServerOptions& o) {
        o.headerTimeout = 1s;
        o.maxHeaderBytes = 2048;
        o.maxHeaderCount = 10;
    });
    RawHttp slow(s.server->port());
    BOOST_REQUIRE(slow.send("GET / HTTP/1.1\r\nX-A: 1\r\n"));  // and nothing more
    BOOST_TEST(slow.closedByServer(10s));
    BOOST_TEST(eventually([&] { return s.limit("header_timeout") == 1u; }));

    RawHttp big(s.server->port());
    BOOST_REQUIRE(big.send("GET / HTTP/1.1\r\nX-Big: " + std::string(4096, 'b') + "\r\n\r\n"));
    auto tooBig = big.read();
    BOOST_REQUIRE(tooBig);
    BOOST_TEST(tooBig->status == 431);

    std::string many = "GET / HTTP/1.1\r\n";
    for (int i = 0; i < 20; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
    RawHttp count(s.server->port());
    BOOST_REQUIRE(count.send(many + "\r\n"));
    auto tooMany = count.read();
    BOOST_REQUIRE(tooMany);
    BOOST_TEST(tooMany->status == 431);
    BOOST_TEST(s.handler->handled.load() == 0);
}

BOOST_AUTO_TEST_CASE(a_body_slower_than_the_minimum_rate_is_cut) {
    Server s([](net::HttpServerOptions& o) {
        o.bodyTimeout = 1s;
        o.bodyMinRate = 1000;
    });
    RawHttp c(s.server->port());
    BOOST_REQUIRE(c.send("POST /x HTTP/1.1\r\nContent-Length: 100000\r\n\r\nabc"));
    BOOST_TEST(c.closedByServer(10s));
    BOOST_TEST(eventually([&] { return s.limit("body_rate") == 1u; }));
}

BOOST_AUTO_TEST_CASE(idle_keep_alive_connections_close_after_their_timeout) {
    Server s([](net::HttpServerOptions& o) { o.idleTimeout = 1s; });
    RawHttp c(s.server->port());
    BOOST_REQUIRE(c.send(get("/a")));
    BOOST_REQUIRE(c.read());
    BOOST_TEST(c.closedByServer(10s));
    BOOST_TEST(eventually([&] { return s.server->connections() == 0u; }));
}

BOOST_AUTO_TEST_CASE(connections_per_source_and_in_total_are_bounded) {
    Server s([](net::HttpServerOptions& o) {
        o.maxConnectionsPerSource = 3;
        o.maxConnections = 5;
    });
    std::vector<std::unique_ptr<RawHttp>> held;
    for (int i = 0; i < 3; ++i) held.push_back(std::make_unique<RawHttp>(s.server->port()));
    BOOST_REQUIRE(eventually([&] { return s.server->connections() == 3u; }));
    RawHttp fourth(s.server->port());
    auto busy = fourth.read(5s);
    BOOST_REQUIRE(busy);
    BOOST_TEST(busy->status == 503);
    BOOST_TEST(s.limit("connections_per_source") == 1u);

    // Another source is served meanwhile.
    RawHttp other(s.server->port(), "127.0.0.2");
    BOOST_REQUIRE(other.connected());
    BOOST_REQUIRE(other.send(get("/peer")));
    auto served = other.read();
    BOOST_REQUIRE(served);
    BOOST_TEST(served->body == "127.0.0.2");

    // One held connection goes: its source may connect again.
    held.pop_back();
    BOOST_REQUIRE(eventually([&] { return s.server->connections() == 3u; }));
    RawHttp again(s.server->port());
    BOOST_REQUIRE(again.send(get("/a")));
    auto ok = again.read();
    BOOST_REQUIRE(ok);
    BOOST_TEST(ok->status == 200);
}

BOOST_AUTO_TEST_CASE(a_full_worker_queue_answers_503) {
    Server s([](net::HttpServerOptions& o) {
        o.workers = 1;
        o.queue = 1;
    });
    // One running (held until released), one queued: the third is refused at once.
    RawHttp running(s.server->port()), queued(s.server->port()), refused(s.server->port());
    BOOST_REQUIRE(running.send(get("/block")));
    BOOST_REQUIRE(eventually([&] { return s.handler->handled.load() == 1; }));
    BOOST_REQUIRE(queued.send(get("/block")));
    BOOST_REQUIRE(eventually([&] { return s.handler->planned.load() == 2; }));
    BOOST_REQUIRE(refused.send(get("/block")));
    auto busy = refused.read();
    BOOST_REQUIRE(busy);
    BOOST_TEST(busy->status == 503);
    BOOST_TEST(busy->header("retry-after") == "1");
    BOOST_TEST(s.limit("worker_queue") == 1u);
    s.handler->release();
    for (RawHttp* c : {&running, &queued}) {
        auto r = c->read();
        BOOST_REQUIRE(r);
        BOOST_TEST(r->status == 200);
    }
}

BOOST_AUTO_TEST_CASE(stop_ends_idle_connections_and_waits_for_handlers) {
    Server s;
    RawHttp idle(s.server->port());
    BOOST_REQUIRE(idle.send(get("/a")));
    BOOST_REQUIRE(idle.read());
    RawHttp busy(s.server->port());
    BOOST_REQUIRE(busy.send(get("/slow")));
    BOOST_REQUIRE(eventually([&] { return s.handler->handled.load() == 2; }));
    s.server->stop(5s);
    BOOST_TEST(idle.closedByServer(10s));
    auto answered = busy.read(10s);  // the request in flight got its answer
    BOOST_REQUIRE(answered);
    BOOST_TEST(answered->body == "GET /slow ");
    BOOST_TEST(!listening(s.server->port()));
}

BOOST_AUTO_TEST_CASE(tls_with_client_certificates_signed_by_the_ca) {
    TempDir keys("net-tls");
    const auto file = [&](const std::string& name) { return keys.file(name); };
    const std::string script =
        "cd " + keys.path().string() + " && "
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=test-ca -keyout ca.key -out ca.pem && "
        "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=127.0.0.1 -keyout server.key -out server.pem && "
        "openssl req -newkey rsa:2048 -nodes -subj /CN=FC-TERMINAL-01 -keyout client.key -out client.csr && "
        "openssl x509 -req -in client.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 1 -out client.pem";
    if (std::system((script + " >/dev/null 2>&1").c_str()) != 0) {
        BOOST_TEST_MESSAGE("openssl not available; client certificates not tested");
        return;
    }
    Server s([&](net::HttpServerOptions& o) {
        o.tls = true;
        o.certificateFile = file("server.pem");
        o.privateKeyFile = file("server.key");
        o.caFile = file("ca.pem");
    });
    Poco::Net::initializeSSL();
    const auto call = [&](Poco::Net::Context::Ptr context) {
        Poco::Net::HTTPSClientSession session("127.0.0.1", s.server->port(), context);
        session.setTimeout(Poco::Timespan(10, 0));
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, "/subject", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::string body;
        Poco::StreamCopier::copyToString(session.receiveResponse(response), body);
        return body;
    };
    Poco::Net::Context::Ptr withCertificate = new Poco::Net::Context(
        Poco::Net::Context::TLS_CLIENT_USE, file("client.key"), file("client.pem"), "", Poco::Net::Context::VERIFY_NONE);
    BOOST_TEST(call(withCertificate).find("GET /subject") == 0u);
    BOOST_TEST(s.handler->lastSubject().find("CN=FC-TERMINAL-01") != std::string::npos);
    BOOST_TEST(s.handler->lastCertificate().find("-----BEGIN CERTIFICATE-----") == 0u);

    Poco::Net::Context::Ptr without =
        new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_NONE);
    BOOST_CHECK_THROW(call(without), Poco::Exception);  // the handshake fails: no certificate
}
