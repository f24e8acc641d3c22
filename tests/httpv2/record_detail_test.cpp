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

BOOST_AUTO_TEST_SUITE_END()
