#include <boost/test/unit_test.hpp>

#include "wire/Reply.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(reply)

BOOST_AUTO_TEST_CASE(success_comes_first_and_members_keep_their_order) {
    Reply r = Reply::ok();
    r.set("UploadWorkParameter", 1).set("Remote", 1).set("AddPeople", 1);
    BOOST_TEST(r.text() == R"({"Success":1,"UploadWorkParameter":1,"Remote":1,"AddPeople":1})");
    BOOST_TEST(r.httpStatus() == 200);
}

BOOST_AUTO_TEST_CASE(failures_carry_a_message_and_their_http_status) {
    const Reply r = Reply::failure(413, "too big", 413);
    BOOST_TEST(r.text() == R"({"Success":413,"Message":"too big"})");
    BOOST_TEST(r.httpStatus() == 413);
    BOOST_TEST(Reply::failure(401, "Connected to server, but device is not activated").httpStatus() == 200);
    BOOST_TEST(Reply::withSuccess(2).text() == R"({"Success":2})");
}

BOOST_AUTO_TEST_SUITE_END()
