#include <boost/test/unit_test.hpp>

// A request body grows with the bytes that arrive, not with the length the
// client declared (issue 15, bounded work before identity): a head that
// promises 100 MB and sends 10 bytes costs the server about 10 bytes plus a
// small first reserve, not 100 MB.

#include "net/GrowingStringBody.h"

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>

#include <string>

namespace http = boost::beast::http;
using passway::net::GrowingStringBody;

BOOST_AUTO_TEST_CASE(a_declared_length_reserves_at_most_the_first_reserve) {
    http::request_parser<GrowingStringBody> parser;
    parser.body_limit(200u << 20);
    const std::string head = "POST /Record/UploadIdentifyRecord HTTP/1.1\r\nHost: x\r\nContent-Length: 104857600\r\n\r\n";
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(head), ec);
    BOOST_REQUIRE(!ec);
    BOOST_REQUIRE(parser.is_header_done());
    parser.put(boost::asio::buffer(std::string("0123456789")), ec);
    BOOST_TEST((!ec || ec == http::error::need_more));
    BOOST_TEST(parser.get().body() == "0123456789");
    BOOST_TEST(parser.get().body().capacity() <= GrowingStringBody::kFirstReserve * 2);
}

BOOST_AUTO_TEST_CASE(a_body_that_arrives_is_read_whole) {
    http::request_parser<GrowingStringBody> parser;
    std::string body(300000, 'x');
    for (std::size_t i = 0; i < body.size(); i += 7) body[i] = static_cast<char>('a' + i % 26);
    const std::string message = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) +
                                "\r\n\r\n" + body;
    boost::beast::error_code ec;
    std::size_t at = 0;
    while (!parser.is_done() && at < message.size()) {
        const std::size_t piece = std::min<std::size_t>(4096, message.size() - at);
        at += parser.put(boost::asio::buffer(message.data() + at, piece), ec);
        if (ec == http::error::need_more) ec = {};
        BOOST_REQUIRE(!ec);
    }
    BOOST_TEST(parser.is_done());
    BOOST_TEST(parser.get().body() == body);
    BOOST_TEST(parser.get().body().capacity() < 2 * body.size() + 1);
}
