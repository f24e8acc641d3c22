#include <boost/test/unit_test.hpp>

// GET /api/v1/events/stream: the event bus as server-sent events over real
// HTTP — authentication, topic filters, secrets scrubbed from payloads, the
// bound on streams, streams ended by a disabled user and by server shutdown;
// and the EventStreamHub's per-stream bound on a real bus.

#include "AdminFixture.h"

#include "admin/resources/EventStreamHub.h"

#include <Poco/Net/HTTPClientSession.h>

using namespace passway;
using namespace passway::admin;
using namespace passway::test;
using namespace std::chrono_literals;

namespace {

// An open event stream: reads SSE messages (the `data:` lines) one by one.
class StreamReader {
public:
    StreamReader(std::uint16_t port, const std::string& token, const std::string& query = "")
        : session_("127.0.0.1", port) {
        session_.setTimeout(Poco::Timespan(5, 0));
        Poco::Net::HTTPRequest request("GET", "/api/v1/events/stream" + query, Poco::Net::HTTPMessage::HTTP_1_1);
        if (!token.empty()) request.set("Authorization", "Bearer " + token);
        session_.sendRequest(request);
        in_ = &session_.receiveResponse(response_);
    }

    int status() const { return static_cast<int>(response_.getStatus()); }
    std::string contentType() const { return response_.getContentType(); }
    std::string body() {
        std::string text;
        Poco::StreamCopier::copyToString(*in_, text);
        return text;
    }

    // The next message's data (JSON), skipping comments and other fields;
    // null when the stream ended or nothing came within the socket timeout.
    Poco::JSON::Object::Ptr next() {
        std::string line;
        try {
            while (std::getline(*in_, line)) {
                if (line.rfind("data: ", 0) == 0) return parseObject(line.substr(6));
            }
        } catch (const Poco::Exception&) {
        }
        return nullptr;
    }
    // True once the server ended the stream (end of the chunked body).
    bool ended() {
        std::string line;
        try {
            while (std::getline(*in_, line)) {
            }
            return in_->eof();
        } catch (const Poco::Exception&) {
            return false;
        }
    }

private:
    Poco::Net::HTTPClientSession session_;
    Poco::Net::HTTPResponse response_;
    std::istream* in_ = nullptr;
};

struct QuickStreams : AdminFixture {
    static AdminOptions options() {
        AdminOptions o = defaultOptions();
        o.maxThreads = 6;
        o.maxEventStreams = 2;
        o.eventHeartbeatMs = 100;
        return o;
    }
    QuickStreams() : AdminFixture(options()) {}

};

} // namespace

BOOST_FIXTURE_TEST_SUITE(event_stream, QuickStreams)

BOOST_AUTO_TEST_CASE(needs_a_token_and_the_viewer_role) {
    StreamReader anonymous(port(), "");
    BOOST_TEST(anonymous.status() == 401);
    BOOST_TEST(anonymous.body().find("unauthorized") != std::string::npos);
    StreamReader forged(port(), "not.a.token");
    BOOST_TEST(forged.status() == 401);
}

BOOST_AUTO_TEST_CASE(delivers_bus_events_as_json_messages) {
    const std::string viewer = userToken("watcher", "viewer");
    StreamReader stream(port(), viewer);
    BOOST_REQUIRE(stream.status() == 200);
    BOOST_TEST(stream.contentType().find("text/event-stream") == 0);
    // The stream subscribes as the response starts; publish until it is seen.
    Poco::JSON::Object::Ptr message;
    for (int i = 0; i < 20 && !message; ++i) {
        bus->publish("device.online", R"({"deviceId":7,"serial":"GATE-7"})", "httpv2");
        message = stream.next();
    }
    BOOST_REQUIRE(message);
    BOOST_TEST(message->getValue<std::string>("topic") == "device.online");
    BOOST_TEST(message->getValue<std::string>("source") == "httpv2");
    BOOST_TEST(message->getValue<std::int64_t>("at") > 0);
    BOOST_TEST(message->getObject("payload")->getValue<std::string>("serial") == "GATE-7");
}

BOOST_AUTO_TEST_CASE(filters_by_topic_and_scrubs_secrets) {
    StreamReader stream(port(), adminToken, "?topics=device.*,command.finished");
    BOOST_REQUIRE(stream.status() == 200);
    Poco::JSON::Object::Ptr message;
    for (int i = 0; i < 20 && !message; ++i) {
        bus->publish("record.created", R"({"id":1})");  // not asked for
        bus->publish("device.alarm", R"({"deviceId":3,"password":"1234","nested":{"apiKey":"k"}})", "httpv2");
        message = stream.next();
    }
    BOOST_REQUIRE(message);
    BOOST_TEST(message->getValue<std::string>("topic") == "device.alarm");
    const auto payload = message->getObject("payload");
    BOOST_TEST(payload->getValue<std::string>("password") == "***");
    BOOST_TEST(payload->getObject("nested")->getValue<std::string>("apiKey") == "***");
    BOOST_TEST(payload->getValue<int>("deviceId") == 3);
    bus->publish("command.finished", R"({"commandId":9})");
    const auto second = stream.next();
    BOOST_REQUIRE(second);
    BOOST_TEST(second->getValue<std::string>("topic") == "command.finished");
}

BOOST_AUTO_TEST_CASE(bad_topic_patterns_are_400) {
    const auto reply = admin("GET", "/api/v1/events/stream?topics=device.%0Aevil");
    BOOST_TEST(reply.status == 400);
    BOOST_TEST(reply.errorField() == "topics");
}

BOOST_AUTO_TEST_CASE(streams_beyond_the_limit_are_503_and_slots_come_back) {
    auto first = std::make_unique<StreamReader>(port(), adminToken);
    auto second = std::make_unique<StreamReader>(port(), adminToken);
    BOOST_REQUIRE(first->status() == 200);
    BOOST_REQUIRE(second->status() == 200);
    const auto third = admin("GET", "/api/v1/events/stream");
    BOOST_TEST(third.status == 503);
    BOOST_TEST(third.errorMessage().find("too many") != std::string::npos);
    // A browser that leaves frees its slot at the stream's next write (a heartbeat).
    first.reset();
    bool reopened = false;
    for (int i = 0; i < 50 && !reopened; ++i) {
        std::this_thread::sleep_for(50ms);
        StreamReader again(port(), adminToken);
        reopened = again.status() == 200;
    }
    BOOST_TEST(reopened);
}

BOOST_AUTO_TEST_CASE(disabling_the_user_ends_its_stream) {
    const std::string token = userToken("leaver", "viewer");
    StreamReader stream(port(), token);
    BOOST_REQUIRE(stream.status() == 200);
    const auto users = admin("GET", "/api/v1/users?limit=100").items();
    std::string id;
    for (unsigned i = 0; i < users->size(); ++i) {
        if (users->getObject(i)->getValue<std::string>("username") == "leaver")
            id = std::to_string(users->getObject(i)->getValue<int>("id"));
    }
    BOOST_REQUIRE(!id.empty());
    BOOST_REQUIRE(admin("PATCH", "/api/v1/users/" + id, R"({"disabled":true})").status == 200);
    BOOST_TEST(stream.ended());  // within a heartbeat (100 ms here), well inside the 5 s socket timeout
}

BOOST_AUTO_TEST_CASE(stopping_the_server_ends_open_streams) {
    StreamReader stream(port(), adminToken);
    BOOST_REQUIRE(stream.status() == 200);
    const auto started = std::chrono::steady_clock::now();
    server->stop();  // would wait for the stream forever if the hub did not end it
    const bool quick = std::chrono::steady_clock::now() - started < 5s;
    BOOST_TEST(quick);
    BOOST_TEST(stream.ended());
    server->start();  // the fixture's destructor stops it again; streams work after a restart
    StreamReader after(port(), adminToken);
    BOOST_TEST(after.status() == 200);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_CASE(a_slow_stream_loses_its_oldest_events_and_is_told_how_many) {
    EventBus bus;
    EventStreamHub hub(bus, EventStreamHub::Options{4, 3});
    auto stream = hub.open({"record.*"});
    BOOST_REQUIRE(stream);
    for (int i = 1; i <= 10; ++i) bus.publish("record.created", R"({"id":)" + std::to_string(i) + "}");
    bus.publish("device.online", "{}");  // not wanted by this stream
    // Nobody reads the stream until the bus has handed the hub everything.
    for (int i = 0; i < 200 && bus.queued() > 0; ++i) std::this_thread::sleep_for(5ms);
    std::this_thread::sleep_for(100ms);
    const auto batch = stream->wait(10ms);
    const auto dropped = batch.dropped;
    const auto& seen = batch.events;
    BOOST_TEST(dropped == 7u);
    BOOST_REQUIRE(seen.size() == 3u);
    BOOST_TEST(seen.back().payload == R"({"id":10})");  // the newest survive
    BOOST_TEST(seen.front().payload == R"({"id":8})");
    hub.release(stream);
    BOOST_TEST(hub.streams() == 0u);
    bus.shutdown();
}

BOOST_AUTO_TEST_CASE(a_closed_hub_refuses_streams_until_reopened) {
    EventBus bus;
    EventStreamHub hub(bus, EventStreamHub::Options{1, 8});
    auto one = hub.open({"*"});
    BOOST_REQUIRE(one);
    BOOST_TEST(!hub.open({"*"}));  // limit of 1
    hub.closeAll();
    BOOST_TEST(one->wait(1s).closed);
    hub.release(one);
    BOOST_TEST(!hub.open({"*"}));
    hub.reopen();
    BOOST_TEST(hub.open({"*"}) != nullptr);
    bus.shutdown();
}
