#include <boost/test/unit_test.hpp>

#include "mapping/RecordDetail.h"
#include "wire/ProtocolError.h"
#include "wire/TolerantJson.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(record_detail)

BOOST_AUTO_TEST_CASE(the_documents_example_reads_into_a_record) {
    const std::string raw = R"({"RecordID":120,"RecordType":3,"RecordDate":1718616771,"UserID":"1","Name":"1",
        "IdentityCard":"","Job":"","Department":"","CardNum":"0","QRCode":"","IsEntry":1,"BodyTemp":365,"PhotoLen":40363})";
    const RecordDetail d = readRecordDetail(parseJsonObject(raw), raw, 42);
    BOOST_TEST(d.record.deviceRecordId == "120");
    BOOST_TEST(d.record.deviceTime == 1718616771000);
    BOOST_TEST(*d.record.userId == 1u);
    BOOST_TEST(d.record.direction == "in");
    BOOST_TEST(*d.record.temperature == 36.5);
    BOOST_TEST(d.record.verifyType == "face");
    BOOST_TEST(d.record.result == "pass");
    BOOST_TEST(d.record.raw == raw);
    BOOST_TEST(!d.cardNum);  // "0": none
    BOOST_TEST(d.photoLen == 40363);
    BOOST_TEST(d.recordType == 3);
}

BOOST_AUTO_TEST_CASE(variants_the_field_shows) {
    const std::string raw =
        R"({"RecordID":"1718616771001","RecordType":"24","RecordDate":1718616771001,"UserID":0,"CardNum":"900001","IsEntry":0,"BodyTemp":0})";
    const RecordDetail d = readRecordDetail(parseJsonObject(raw), raw, 42);
    BOOST_TEST(d.record.deviceRecordId == "1718616771001");
    BOOST_TEST(d.record.deviceTime == 1718616771001);  // a 13-digit stamp is milliseconds already
    BOOST_TEST(!d.record.userId);
    BOOST_TEST(d.record.direction == "out");
    BOOST_TEST(!d.record.temperature);
    BOOST_TEST(d.record.result == "refused");
    BOOST_TEST(d.record.reason == "blacklist");
    BOOST_TEST(*d.cardNum == "900001");
}

BOOST_AUTO_TEST_CASE(a_temperature_already_in_degrees_and_a_missing_date) {
    const std::string raw = R"({"RecordID":5,"BodyTemp":36.6})";
    const RecordDetail d = readRecordDetail(parseJsonObject(raw), raw, 1234);
    BOOST_TEST(*d.record.temperature == 36.6);
    BOOST_TEST(d.record.deviceTime == 1234);
    BOOST_TEST(d.record.direction == "");
}

BOOST_AUTO_TEST_CASE(no_record_id_is_a_400) {
    BOOST_CHECK_THROW(readRecordDetail(parseJsonObject(R"({"RecordType":3})"), "", 0), ProtocolError);
}

BOOST_AUTO_TEST_CASE(record_type_25_names_a_card_in_its_user_id) {
    const std::string swiped = R"({"RecordID":7,"RecordType":25,"RecordDate":1718616771,"UserID":"12345678","CardNum":"0"})";
    const RecordDetail card = readRecordDetail(parseJsonObject(swiped), swiped, 42);
    BOOST_TEST(!card.record.userId);  // not person 12345678
    BOOST_TEST(*card.cardNum == "12345678");
    BOOST_TEST(card.record.card == "12345678");
    BOOST_TEST(card.record.reason == "free_open");
    const std::string finger = R"({"RecordID":8,"RecordType":25,"RecordDate":1718616771,"UserID":"0"})";
    const RecordDetail none = readRecordDetail(parseJsonObject(finger), finger, 42);
    BOOST_TEST(!none.record.userId);
    BOOST_TEST(!none.cardNum);
    BOOST_TEST(none.record.card.empty());
    // Any other type: UserID is the person, CardNum the card.
    const std::string face = R"({"RecordID":9,"RecordType":6,"RecordDate":1718616771,"UserID":"5","CardNum":"900001"})";
    const RecordDetail both = readRecordDetail(parseJsonObject(face), face, 42);
    BOOST_TEST(*both.record.userId == 5u);
    BOOST_TEST(both.record.card == "900001");
}

BOOST_AUTO_TEST_CASE(the_identity_is_the_content_as_sent_so_a_retry_matches_and_a_reused_number_does_not) {
    const auto identityOf = [](const std::string& raw) { return readRecordDetail(parseJsonObject(raw), raw, 42).record.identity; };
    const std::string first = R"({"RecordID":1,"RecordType":3,"RecordDate":1718616771,"UserID":"1","IsEntry":1})";
    BOOST_TEST(identityOf(first) == identityOf(first));
    // Reused after ClearRecord: another date or another person.
    BOOST_TEST(identityOf(first) != identityOf(R"({"RecordID":1,"RecordType":3,"RecordDate":1718619999,"UserID":"1","IsEntry":1})"));
    BOOST_TEST(identityOf(first) != identityOf(R"({"RecordID":1,"RecordType":3,"RecordDate":1718616771,"UserID":"2","IsEntry":1})"));
    // Without RecordDate the time is "now", which differs between retries; the identity does not.
    const std::string undated = R"({"RecordID":3,"RecordType":3,"UserID":"1"})";
    BOOST_TEST(readRecordDetail(parseJsonObject(undated), undated, 1).record.identity ==
               readRecordDetail(parseJsonObject(undated), undated, 2).record.identity);
}

BOOST_AUTO_TEST_SUITE_END()
