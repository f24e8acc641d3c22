#include "mapping/AccessRecord.h"
#include "mapping/CommandRequest.h"
#include "mapping/DeviceMapping.h"
#include "mapping/ImageInfo.h"
#include "mapping/PersonPayload.h"

#include <Poco/Base64Decoder.h>
#include <Poco/JSON/Parser.h>

#include <boost/test/unit_test.hpp>

#include <sstream>

using namespace passway;
using namespace passway::tcpjson;

namespace {

Poco::JSON::Object::Ptr json(const std::string& text) {
    return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

// A 1×1 PNG and the smallest JPEG header with a 640×480 SOF0.
const std::string kPng("\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0\x1f\x15\xc4\x89", 33);
const std::string kJpeg("\xff\xd8\xff\xe0\x00\x04\x00\x00\xff\xc0\x00\x11\x08\x01\xe0\x02\x80\x03\x01\x22\x00", 21);

} // namespace

BOOST_AUTO_TEST_SUITE(mapping)

BOOST_AUTO_TEST_CASE(access_time_is_terminal_local_time) {
    // 2019-08-23 12:34:35 at UTC+8 is 04:34:35 UTC.
    BOOST_CHECK_EQUAL(AccessRecord::parseTime("20190823123435", 480), 1566534875000LL);
    BOOST_CHECK_EQUAL(AccessRecord::formatTime(1566534875000LL, 480), "20190823123435");
    BOOST_CHECK_THROW(AccessRecord::parseTime("2019082312343", 0), AccessRecordError);
    BOOST_CHECK_THROW(AccessRecord::parseTime("20191323123435", 0), AccessRecordError);
    BOOST_CHECK_THROW(AccessRecord::parseTime("2019082312343x", 0), AccessRecordError);
}

BOOST_AUTO_TEST_CASE(access_info_of_the_document_becomes_a_record) {
    TcpjsonConfig config;
    config.utcOffsetMinutes = 480;
    auto info = json(R"({"person_id":"3413123","time":"20190823123435","id_number":"1545123",
        "card_number":"123123123","role":12,"open_door_type":2,"in_out_type":2,"community_code":"1231321"})");
    const Record r = AccessRecord::fromAccessInfo(*info, 7, config, "{raw}");
    BOOST_CHECK_EQUAL(r.deviceId, 7);
    BOOST_REQUIRE(r.userId);
    BOOST_CHECK_EQUAL(*r.userId, 3413123u);
    BOOST_CHECK_EQUAL(r.deviceTime, 1566534875000LL);
    BOOST_CHECK_EQUAL(r.verifyType, "card");
    BOOST_CHECK_EQUAL(r.direction, "out");
    BOOST_CHECK_EQUAL(r.raw, "{raw}");
    // The same punch sent again has the same id; another second does not.
    BOOST_CHECK_EQUAL(AccessRecord::fromAccessInfo(*info, 7, config, "").deviceRecordId, r.deviceRecordId);
    info->set("time", "20190823123436");
    BOOST_CHECK_NE(AccessRecord::fromAccessInfo(*info, 7, config, "").deviceRecordId, r.deviceRecordId);
    // A person id that is no Passway user id stays out of userId.
    info->set("person_id", "A-17");
    BOOST_CHECK(!AccessRecord::fromAccessInfo(*info, 7, config, "").userId);
    info->set("time", "yesterday");
    BOOST_CHECK_THROW(AccessRecord::fromAccessInfo(*info, 7, config, ""), AccessRecordError);
}

BOOST_AUTO_TEST_CASE(image_sizes_come_from_their_headers) {
    const auto png = ImageInfo::of(kPng);
    BOOST_REQUIRE(png);
    BOOST_CHECK_EQUAL(png->width, 1);
    BOOST_CHECK_EQUAL(png->format, 3);
    const auto jpeg = ImageInfo::of(kJpeg);
    BOOST_REQUIRE(jpeg);
    BOOST_CHECK_EQUAL(jpeg->width, 640);
    BOOST_CHECK_EQUAL(jpeg->height, 480);
    BOOST_CHECK_EQUAL(jpeg->format, 2);
    BOOST_CHECK(!ImageInfo::of("not an image"));
}

BOOST_AUTO_TEST_CASE(person_info_carries_face_and_iris_as_base64) {
    Person p;
    p.userId = 42;
    p.name = "张飒";
    p.idCard = "1545123";
    p.department = "111";
    p.role = "admin";
    p.photoBlob = "face";
    p.extra = R"({"iris":{"left_image":"left","left_code":"code"}})";
    p.credentials = {{"card", "99", "", 1}, {"card", "77", "", 0}, {"password", "2468", "", 0}};
    TcpjsonConfig config;
    const auto info = PersonPayload::personInfo(p, config, [](const std::string& sha) -> std::optional<std::string> {
        if (sha == "face") return kJpeg;
        if (sha == "left") return kPng;
        if (sha == "code") return std::string("IRIS");
        return std::nullopt;
    });
    BOOST_CHECK_EQUAL(info->getValue<std::string>("person_id"), "42");
    BOOST_CHECK_EQUAL(info->getValue<std::string>("card_number"), "77");
    BOOST_CHECK_EQUAL(info->getValue<std::string>("key_number"), "2468");
    BOOST_CHECK_EQUAL(info->getValue<int>("role"), 1);
    const auto face = info->getObject("face");
    BOOST_REQUIRE(face);
    BOOST_CHECK_EQUAL(face->getValue<int>("width"), 640);
    BOOST_CHECK_EQUAL(face->getValue<std::size_t>("length"), kJpeg.size());
    std::istringstream in(face->getValue<std::string>("data"));
    Poco::Base64Decoder decoder(in);
    BOOST_CHECK(std::string(std::istreambuf_iterator<char>(decoder), {}) == kJpeg);
    BOOST_REQUIRE(info->getObject("left_image"));
    BOOST_CHECK_EQUAL(info->getObject("left_code")->getValue<std::string>("data"), "SVJJUw==");
    BOOST_CHECK(!info->has("right_image"));
}

BOOST_AUTO_TEST_CASE(commands_map_to_requests_or_say_why_not) {
    TcpjsonConfig config;
    config.utcOffsetMinutes = 0;
    std::string why;
    Command c;
    c.kind = "open_door";
    auto r = CommandRequest::of(c, config, 0, why);
    BOOST_REQUIRE(r);
    BOOST_CHECK_EQUAL(r->mod, "send_device_command");
    BOOST_CHECK_EQUAL(r->fields->getValue<int>("command_type"), config.openDoorCommandType);
    c.kind = "user_command";
    c.args = R"({"command_type":2,"command_value":"test!"})";
    r = CommandRequest::of(c, config, 0, why);
    BOOST_REQUIRE(r);
    BOOST_CHECK_EQUAL(r->mod, "send_user_command");
    BOOST_CHECK_EQUAL(r->fields->getValue<std::string>("command_value"), "test!");
    c.kind = "sync_time";
    c.args = "{}";
    r = CommandRequest::of(c, config, 1566534875000LL, why);
    BOOST_REQUIRE(r);
    BOOST_CHECK_EQUAL(r->mod, "set_device_time");
    BOOST_CHECK_EQUAL(r->fields->getValue<std::string>("time"), "20190823043435");
    c.kind = "user_command";
    c.args = R"({"command_type":"2"})";
    BOOST_CHECK(!CommandRequest::of(c, config, 0, why));
    BOOST_CHECK(why.find("command_type") != std::string::npos);
    c.kind = "snapshot";
    BOOST_CHECK(!CommandRequest::of(c, config, 0, why));
    BOOST_CHECK(why.find("snapshot") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_devices_mapping_overrides_the_defaults_and_can_drop_a_role) {
    const TcpjsonConfig base;
    std::string warning;
    const auto mapped = DeviceMapping::overlay(
        base, R"({"Volume":3,"mapping":{"role":{"admin":9,"blacklist":null},"open_door_types":{"9":"palm","x":"bad"}}})",
        &warning);
    BOOST_TEST(mapped.roles.at("normal") == 0);
    BOOST_TEST(mapped.roles.at("admin") == 9);
    BOOST_TEST(mapped.roles.count("blacklist") == 0u);
    BOOST_TEST(mapped.openDoorTypes.at(9) == "palm");
    BOOST_TEST(mapped.openDoorTypes.at(1) == "face");  // the document's example values stay
    BOOST_TEST(warning.find("open_door_types.x") != std::string::npos);
    BOOST_TEST(DeviceMapping::overlay(base, "{}").roles.size() == 3u);
    // What goes to the terminal has no mapping.
    BOOST_TEST(DeviceMapping::withoutMapping(R"({"Volume":3,"mapping":{}})") == R"({"Volume":3})");
    BOOST_TEST(DeviceMapping::withoutMapping(R"({"Volume":3})") == R"({"Volume":3})");
}

BOOST_AUTO_TEST_SUITE_END()
