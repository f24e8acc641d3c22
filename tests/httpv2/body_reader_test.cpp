#include <boost/test/unit_test.hpp>

#include "wire/BodyReader.h"
#include "wire/Gzip.h"
#include "wire/ProtocolError.h"

#include <sstream>

using namespace passway::httpv2;

namespace {

int code(const std::function<void()>& f) {
    try {
        f();
    } catch (const ProtocolError& e) {
        return e.success();
    }
    return 0;
}

// A stream that fails the test if anything reads from it.
class Untouchable : public std::streambuf {
protected:
    int_type underflow() override {
        BOOST_ERROR("the body was read although its declared length is over the limit");
        return traits_type::eof();
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(body_reader)

BOOST_AUTO_TEST_CASE(a_declared_body_is_read_exactly) {
    std::istringstream in("{\"SN\":\"X\"}NEXT REQUEST");
    BOOST_TEST(readBody(in, 10, 100) == "{\"SN\":\"X\"}");
}

BOOST_AUTO_TEST_CASE(a_declared_length_over_the_limit_is_refused_before_reading) {
    Untouchable buffer;
    std::istream in(&buffer);
    BOOST_TEST(code([&] { readBody(in, 50ll << 20, 4u << 20); }) == 413);
}

BOOST_AUTO_TEST_CASE(an_undeclared_body_is_cut_at_the_limit) {
    std::istringstream big(std::string(5000, 'x'));
    BOOST_TEST(code([&] { readBody(big, -1, 4096); }) == 413);
    std::istringstream small(std::string(4096, 'x'));
    BOOST_TEST(readBody(small, -1, 4096).size() == 4096u);
}

BOOST_AUTO_TEST_CASE(fewer_bytes_than_declared_is_a_truncated_body) {
    std::istringstream in("{\"SN\":");
    BOOST_TEST(code([&] { readBody(in, 100, 1000); }) == 400);
}

BOOST_AUTO_TEST_CASE(content_encodings) {
    BOOST_TEST(decodeBody("{}", "", 100) == "{}");
    BOOST_TEST(decodeBody("{}", "identity", 100) == "{}");
    BOOST_TEST(decodeBody(gzip("{\"a\":1}"), " GZIP ", 100) == "{\"a\":1}");
    BOOST_TEST(decodeBody(gzip("{\"a\":1}"), "x-gzip", 100) == "{\"a\":1}");
    BOOST_TEST(code([&] { decodeBody("{}", "br", 100); }) == 415);
    BOOST_TEST(code([&] { decodeBody(gzip(std::string(50u << 20, ' ')), "gzip", 8u << 20); }) == 413);
}

BOOST_AUTO_TEST_CASE(discarding_reads_at_most_the_limit) {
    std::istringstream in(std::string(100000, 'x'));
    BOOST_TEST(discardBody(in, 70000) == 70000u);
    BOOST_TEST(discardBody(in, 70000) == 30000u);
}

BOOST_AUTO_TEST_SUITE_END()
