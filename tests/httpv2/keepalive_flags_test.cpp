#include <boost/test/unit_test.hpp>

#include "mapping/KeepaliveFlags.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(keepalive_flags)

BOOST_AUTO_TEST_CASE(flags_follow_the_keepalive_sections_priority) {
    PendingWork all;
    all.uploadWorkParameter = all.remote = all.syncParameter = all.deletePeople = all.addPeople = true;
    const auto flags = flagsInPriority(all);
    BOOST_TEST((flags == std::vector<KeepaliveFlag>{KeepaliveFlag::UploadWorkParameter, KeepaliveFlag::Remote,
                                                   KeepaliveFlag::SyncParameter, KeepaliveFlag::DeletePeople,
                                                   KeepaliveFlag::AddPeople}));
    Reply reply = Reply::ok();
    writeFlags(reply, all, FlagsMode::All);
    BOOST_TEST(reply.text() ==
               R"({"Success":1,"UploadWorkParameter":1,"Remote":1,"SyncParameter":1,"DeletePeople":1,"AddPeople":1})");
}

BOOST_AUTO_TEST_CASE(highest_mode_sends_only_the_most_urgent) {
    PendingWork work;
    work.addPeople = work.deletePeople = work.syncParameter = true;
    Reply reply = Reply::ok();
    writeFlags(reply, work, FlagsMode::Highest);
    BOOST_TEST(reply.text() == R"({"Success":1,"SyncParameter":1})");
}

BOOST_AUTO_TEST_CASE(nothing_pending_is_success_alone) {
    Reply reply = Reply::ok();
    writeFlags(reply, PendingWork{}, FlagsMode::All);
    BOOST_TEST(reply.text() == R"({"Success":1})");
    BOOST_TEST(!PendingWork{}.any());
}

BOOST_AUTO_TEST_SUITE_END()
