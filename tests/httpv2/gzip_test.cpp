#include <boost/test/unit_test.hpp>

#include "wire/Gzip.h"
#include "wire/ProtocolError.h"

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

} // namespace

BOOST_AUTO_TEST_SUITE(gzip_stream)

BOOST_AUTO_TEST_CASE(round_trip_and_concatenated_members) {
    const std::string text = "{\"SN\":\"FC-8190H24052799\"}";
    BOOST_TEST(looksGzipped(gzip(text)));
    BOOST_TEST(gunzip(gzip(text), 1024) == text);
    BOOST_TEST(gunzip(gzip("abc") + gzip("def"), 1024) == "abcdef");
    BOOST_TEST(gunzip(gzip(""), 1024) == "");
}

BOOST_AUTO_TEST_CASE(a_bomb_is_stopped_at_the_limit) {
    const std::string bomb = gzip(std::string(50u << 20, ' '));  // 50 MB of spaces in ~50 KB
    BOOST_TEST(bomb.size() < 200000u);
    BOOST_TEST(code([&] { gunzip(bomb, 4u << 20); }) == 413);
    BOOST_TEST(gunzip(gzip(std::string(1000, 'a')), 1000).size() == 1000u);  // exactly the limit is fine
}

BOOST_AUTO_TEST_CASE(garbage_and_truncated_streams_are_400) {
    const std::string packed = gzip(std::string(2000, 'x') + "{\"SN\":\"X\"}");
    BOOST_TEST(code([&] { gunzip(std::string("\x1f\x8b\x08\x00garbage that is not deflate"), 1 << 20); }) == 400);
    BOOST_TEST(code([&] { gunzip(packed.substr(0, packed.size() - 9), 1 << 20); }) == 400);
    BOOST_TEST(code([&] { gunzip(packed.substr(0, 12), 1 << 20); }) == 400);
    BOOST_TEST(code([&] { gunzip("", 1 << 20); }) == 400);
    BOOST_TEST(code([&] { gunzip("{\"plain\":1}", 1 << 20); }) == 400);
}

BOOST_AUTO_TEST_SUITE_END()
