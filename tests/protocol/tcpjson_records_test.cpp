// upload_access_info becomes records; the stream is framed by the objects'
// braces (raw) or by WebSocket text frames; bad input closes only the
// connection that sent it. A record is identified by all it carries, so two
// card-less strangers in one second are two records.
#include "TcpjsonSite.h"

#include <Poco/Net/StreamSocket.h>

using namespace passway::test;

namespace {

std::string readSome(Poco::Net::StreamSocket& socket, std::chrono::milliseconds timeout = 5s) {
    socket.setReceiveTimeout(Poco::Timespan(static_cast<long>(timeout.count() / 1000), 0));
    std::string out;
    char buffer[4096];
    try {
        for (;;) {
            const int n = socket.receiveBytes(buffer, sizeof buffer);
            if (n <= 0) break;
            out.append(buffer, static_cast<std::size_t>(n));
        }
    } catch (const Poco::Exception&) {
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_CASE(an_access_record_appears_in_the_admin_api_once) {
    TcpjsonSite site;
    auto sim = site.terminal("rec-1");
    const auto answer = sim->sendAccessInfo(TcpjsonSite::accessInfo("3413123", "20190823123435", 2, 2));
    BOOST_REQUIRE(answer);
    BOOST_CHECK_EQUAL(answer->code, 0);
    BOOST_CHECK_EQUAL(answer->mod, "upload_access_info");
    // The terminal did not get our answer in time and sends it again.
    const auto again = sim->sendAccessInfo(TcpjsonSite::accessInfo("3413123", "20190823123435", 2, 2));
    BOOST_REQUIRE(again);
    BOOST_CHECK_EQUAL(again->code, 0);
    const auto records = site.records(site.deviceId("rec-1"));
    BOOST_REQUIRE_EQUAL(records->size(), 1u);
    const auto r = records->getObject(0);
    BOOST_CHECK_EQUAL(r->getValue<std::uint32_t>("userId"), 3413123u);
    BOOST_CHECK_EQUAL(r->getValue<std::int64_t>("deviceTime"), 1566534875000LL);  // UTC+8 local time
    BOOST_CHECK_EQUAL(r->getValue<std::string>("verifyType"), "card");
    BOOST_CHECK_EQUAL(r->getValue<std::string>("direction"), "out");
    const auto one = site.api("GET", "/records/" + std::to_string(r->getValue<std::int64_t>("id")));
    const auto raw = one.json()->getObject("raw");  // the message as received
    BOOST_REQUIRE(raw);
    BOOST_CHECK_EQUAL(raw->getObject("access_info")->getValue<std::string>("community_code"), "1231321");
    // A record the mapping cannot take is refused with -1 and the reason.
    const auto bad = sim->sendAccessInfo(TcpjsonSite::accessInfo("1", "2019-08-23"));
    BOOST_REQUIRE(bad);
    BOOST_CHECK_EQUAL(bad->code, -1);
    BOOST_CHECK(bad->message.find("time") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(frames_split_across_segments_and_many_in_one_segment_parse) {
    TcpjsonSite site;
    auto sim = site.terminal("frames-1", true, [](tsim::SimOptions& o) { o.writeChunk = 5; });
    // Every object the terminal writes goes out in 5-byte segments (answers included).
    const auto split = sim->sendAccessInfo(TcpjsonSite::accessInfo("5", "20240501080000"));
    BOOST_REQUIRE(split);
    BOOST_CHECK_EQUAL(split->code, 0);
    sim->options().writeChunk = 0;
    // Three requests in one segment, with whitespace between them.
    std::string three;
    for (int i = 0; i < 3; ++i) {
        three += R"({"mod":"upload_access_info","session_id":"batch-)" + std::to_string(i) +
                 R"(","type":1,"access_info":{"person_id":"6","time":"2024050108000)" + std::to_string(i) +
                 R"(","open_door_type":1,"in_out_type":1}})" + std::string(i == 1 ? "\r\n" : " ");
    }
    sim->sendBytes(three);
    BOOST_CHECK_MESSAGE(eventually([&] { return site.records(site.deviceId("frames-1"))->size() == 4; }), site.log());
}

BOOST_AUTO_TEST_CASE(websocket_framing_works_end_to_end) {
    TcpjsonSite site;
    auto sim = site.terminal("ws-1", true, [](tsim::SimOptions& o) { o.webSocket = true; });
    const auto answer = sim->sendAccessInfo(TcpjsonSite::accessInfo("9", "20240501090000"));
    BOOST_REQUIRE(answer);
    BOOST_CHECK_EQUAL(answer->code, 0);
    const auto created = site.api("POST", "/persons", R"({"userId":9,"name":"Wang Wu"})");
    BOOST_REQUIRE_EQUAL(created.status, 201);
    BOOST_CHECK(sim->waitFor([&] { return sim->persons().count("9") > 0; }));
    BOOST_CHECK_EQUAL(site.records(site.deviceId("ws-1"))->size(), 1u);
}

BOOST_AUTO_TEST_CASE(bad_input_closes_only_that_connection) {
    TcpjsonSite site({"--set", "plugin.tcpjson.max_object_bytes=4096"});
    auto good = site.terminal("good-1");

    // Garbage: answered with an error in the protocol's shape, then closed.
    Poco::Net::StreamSocket garbage(Poco::Net::SocketAddress("127.0.0.1", site.devicePort));
    garbage.sendBytes("hello\r\n", 7);
    const std::string said = readSome(garbage);
    BOOST_CHECK_MESSAGE(said.find("\"code\":-1") != std::string::npos, said);
    BOOST_CHECK(said.find("expected a JSON object") != std::string::npos);

    // Oversize: an object that never ends within the limit.
    Poco::Net::StreamSocket oversize(Poco::Net::SocketAddress("127.0.0.1", site.devicePort));
    const std::string big = "{\"mod\":\"upload_access_info\",\"x\":\"" + std::string(8000, 'x');
    oversize.sendBytes(big.data(), static_cast<int>(big.size()));
    const std::string oversaid = readSome(oversize);
    BOOST_CHECK_MESSAGE(oversaid.find("exceeds the limit") != std::string::npos, oversaid);

    // Malformed JSON inside well-formed braces.
    Poco::Net::StreamSocket malformed(Poco::Net::SocketAddress("127.0.0.1", site.devicePort));
    const std::string broken = R"({"mod":"upload_access_info","session_id":"x" "type":1})";
    malformed.sendBytes(broken.data(), static_cast<int>(broken.size()));
    const std::string malsaid = readSome(malformed);
    BOOST_CHECK_MESSAGE(malsaid.find("malformed JSON") != std::string::npos, malsaid);

    // A WebSocket upgrade that is not one.
    Poco::Net::StreamSocket http(Poco::Net::SocketAddress("127.0.0.1", site.devicePort));
    const std::string get = "GET / HTTP/1.1\r\nHost: x\r\n\r\n";
    http.sendBytes(get.data(), static_cast<int>(get.size()));
    BOOST_CHECK(readSome(http).rfind("HTTP/1.1 400", 0) == 0);

    // The good terminal is untouched and still works.
    BOOST_CHECK(good->connected());
    const auto answer = good->sendAccessInfo(TcpjsonSite::accessInfo("1", "20240501100000"));
    BOOST_REQUIRE(answer);
    BOOST_CHECK_EQUAL(answer->code, 0);
    BOOST_CHECK_EQUAL(site.api("GET", "/health").status, 200);
    BOOST_CHECK(eventually([&] { return site.logged("expected a JSON object"); }));
}

BOOST_AUTO_TEST_CASE(two_strangers_without_a_card_in_the_same_second_are_two_records) {
    TcpjsonSite site;
    auto sim = site.terminal("rec-strangers");
    const auto stranger = [](const std::string& idNumber) {
        // Nobody the terminal knows and no card: the document's other fields tell them apart.
        auto info = TcpjsonSite::accessInfo("", "20190823123435", 1, 1);
        info->set("card_number", "");
        info->set("id_number", idNumber);
        return info;
    };
    for (const auto& idNumber : {"410105199001011234", "410105199202025678", "410105199001011234"}) {
        const auto answer = sim->sendAccessInfo(stranger(idNumber));
        BOOST_REQUIRE(answer);
        BOOST_CHECK_EQUAL(answer->code, 0);
    }
    // The third was the first one sent again: a retry, stored once.
    const auto items = site.records(site.deviceId("rec-strangers"));
    BOOST_REQUIRE_EQUAL(items->size(), 2u);
    BOOST_CHECK(items->getObject(0)->getValue<std::int64_t>("deviceTime") ==
                items->getObject(1)->getValue<std::int64_t>("deviceTime"));
    BOOST_CHECK(items->getObject(0)->isNull("userId"));
    BOOST_CHECK(items->getObject(0)->isNull("card"));
    // A card's number is kept as the record's card.
    const auto carded = sim->sendAccessInfo(TcpjsonSite::accessInfo("", "20190823123436", 2, 1));
    BOOST_REQUIRE(carded);
    BOOST_CHECK_EQUAL(carded->code, 0);
    const auto newest = site.records(site.deviceId("rec-strangers"))->getObject(0);
    BOOST_CHECK_EQUAL(newest->getValue<std::string>("card"), "123123123");
}
