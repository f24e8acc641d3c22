#include <boost/test/unit_test.hpp>

#include "mapping/RecordTypes.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(record_types)

BOOST_AUTO_TEST_CASE(every_documented_type_has_a_meaning) {
    for (int type = 1; type <= 49; ++type) {
        const RecordMeaning m = recordMeaning(type);
        BOOST_TEST_INFO("RecordType " << type);
        BOOST_TEST((m.result == "pass" || m.result == "refused" || m.result == "event"));
        BOOST_TEST(!m.description.empty());
        BOOST_TEST(m.reason != "record_type_unknown");
        if (m.result == "refused") BOOST_TEST(!m.reason.empty());
    }
}

BOOST_AUTO_TEST_CASE(verification_methods_and_combinations) {
    BOOST_TEST(recordMeaning(1).verifyType == "card");
    BOOST_TEST(recordMeaning(2).verifyType == "fingerprint");
    BOOST_TEST(recordMeaning(3).verifyType == "face");
    BOOST_TEST(recordMeaning(3).result == "pass");
    BOOST_TEST(recordMeaning(6).verifyType == "card+face");
    BOOST_TEST(recordMeaning(10).verifyType == "password");
    BOOST_TEST(recordMeaning(14).verifyType == "card+fingerprint+face");
    BOOST_TEST(recordMeaning(32).verifyType == "qrcode");
    BOOST_TEST(recordMeaning(36).verifyType == "palmvein");
    BOOST_TEST(recordMeaning(43).verifyType == "fingerprint+palmvein+face");
}

BOOST_AUTO_TEST_CASE(refusals_say_why) {
    BOOST_TEST(recordMeaning(16).result == "refused");
    BOOST_TEST(recordMeaning(16).reason == "validity_expired");
    BOOST_TEST(recordMeaning(17).reason == "outside_time_group");
    BOOST_TEST(recordMeaning(19).reason == "unregistered");
    BOOST_TEST(recordMeaning(24).reason == "blacklist");
    BOOST_TEST(recordMeaning(24).verifyType == "card");
    BOOST_TEST(recordMeaning(30).reason == "abnormal_temperature");
    BOOST_TEST(recordMeaning(48).reason == "card_unregistered");
    BOOST_TEST(recordMeaning(49).reason == "qrcode_unregistered");
}

BOOST_AUTO_TEST_CASE(passes_with_a_note_and_events_that_are_no_passage) {
    BOOST_TEST(recordMeaning(29).result == "pass");
    BOOST_TEST(recordMeaning(29).reason == "validity_expiring_soon");
    BOOST_TEST(recordMeaning(25).result == "pass");
    for (int type : {33, 34, 35, 44}) BOOST_TEST(recordMeaning(type).result == "event");
}

BOOST_AUTO_TEST_CASE(unknown_types_are_events_marked_unknown) {
    for (int type : {0, -1, 50, 1000}) {
        BOOST_TEST(recordMeaning(type).result == "event");
        BOOST_TEST(recordMeaning(type).reason == "record_type_unknown");
    }
}

BOOST_AUTO_TEST_SUITE_END()
