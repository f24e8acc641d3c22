#include <boost/test/unit_test.hpp>

// The henan plugin's wire without a host: form parameters, the signature
// with the document's own example, attendance items and times.

#include "mapping/Attendance.h"
#include "wire/Form.h"
#include "wire/Signature.h"

#include <Poco/JSON/Parser.h>

using namespace passway::henan;

BOOST_AUTO_TEST_CASE(form_parameters_decode_plus_and_percent_and_keep_their_order) {
    const auto p = parseForm("appid=keji_123321&sn=A+B&data=%7B%22a%22%3A1%7D&empty=&flag");
    BOOST_REQUIRE_EQUAL(p.size(), 5u);
    BOOST_TEST(p[1].second == "A B");
    BOOST_TEST(p[2].second == R"({"a":1})");
    BOOST_TEST(p[3].second.empty());
    BOOST_TEST(p[4].first == "flag");
    BOOST_CHECK_THROW(parseForm("a=%4"), std::invalid_argument);
    BOOST_CHECK_THROW(parseForm("a=%zz"), std::invalid_argument);
    BOOST_TEST(parseForm(encodeForm({{"data", "中 文&="}}))[0].second == "中 文&=");
}

BOOST_AUTO_TEST_CASE(the_signature_follows_the_documents_example) {
    // The document: appid= keji_123321 (its stray space kept: values are not
    // trimmed), sn=123456879, appsecret=ghghgh.
    const FormParams params{{"sn", "123456879"}, {"appid", " keji_123321"}, {"sign", "x"}};
    const std::string canonical = Signature::canonical(params, Signature::declared("/device/getServer"), "ghghgh");
    BOOST_TEST(canonical == "appid= keji_123321&sn=123456879&appsecret=ghghgh");
    const std::string sign = Signature::sha256Hex(canonical);
    BOOST_TEST(sign.size() == 64u);
    BOOST_TEST(Signature::verify("/device/getServer", params, "ghghgh", sign));
    std::string upper = sign;
    for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    BOOST_TEST(Signature::verify("/device/getServer", params, "ghghgh", upper));  // case-insensitive
    BOOST_TEST(!Signature::verify("/device/getServer", params, "GHGHGH-other", sign));
    // Alphabetical order is accepted too (getDeviceInfo declares code before data before version).
    const FormParams info{{"appid", "a"}, {"sn", "s"}, {"code", "1"}, {"data", "{}"}, {"version", "v1"}};
    const auto alphabetical =
        Signature::sha256Hex(Signature::canonical(info, {"appid", "code", "data", "sn", "version"}, "k"));
    BOOST_TEST(Signature::verify("/device/getDeviceInfo", info, "k", alphabetical));
    // Lower-cased whole: a secret's case does not matter, by the algorithm.
    BOOST_TEST(Signature::verify("/device/getServer", params, "GHGHGH", sign));
}

BOOST_AUTO_TEST_CASE(attendance_items_map_to_records) {
    const auto item = Poco::JSON::Parser()
                          .parse(R"({"userCode":1,"time":"2018-11-11 08:11:11 100","type":"face","pic":"",)"
                                 R"(" temperature":"36.5"})")
                          .extract<Poco::JSON::Object::Ptr>();
    const auto out = Attendance::toItem(*item, 3, 480);
    BOOST_TEST(out.record.deviceRecordId == "1|2018-11-11 08:11:11 100");
    BOOST_TEST(*out.record.userId == 1u);
    BOOST_TEST(out.record.verifyType == "face");
    BOOST_TEST(*out.record.temperature == 36.5);
    BOOST_TEST(out.record.deviceTime == 1541895071100LL);  // 00:11:11.100 UTC
    BOOST_TEST(Attendance::formatTime(out.record.deviceTime, 480) == "2018-11-11 08:11:11 100");
    BOOST_CHECK_THROW(Attendance::parseTime("2018/11/11 08:11", 0), std::invalid_argument);
    const auto hot = Poco::JSON::Parser()
                         .parse(R"({"userCode":"2","time":"2018-11-11 08:11:11 120","type":"fingerprint","temperature":"45"})")
                         .extract<Poco::JSON::Object::Ptr>();
    BOOST_CHECK_THROW(Attendance::toItem(*hot, 3, 0), std::invalid_argument);
}
