#include <boost/test/unit_test.hpp>

#include "mapping/PeopleJsonReader.h"
#include "mapping/PeopleJsonWriter.h"
#include "wire/Digest.h"
#include "wire/ProtocolError.h"
#include "wire/TolerantJson.h"

#include <Poco/JSON/Array.h>

using namespace passway;
using namespace passway::httpv2;

namespace {

class Assets final : public PersonAssets {
public:
    std::optional<PhotoRef> photo(const std::string& sha256) override {
        if (sha256 != "photo-sha") return std::nullopt;
        return PhotoRef{"http://10.0.0.1:9001/Passway/File/photo-sha.jpg", "613D870CA99EDF074BEE4387BAB09070", 55020};
    }
    std::optional<std::string> templateBase64(const std::string& sha256) override {
        if (sha256 == "missing") return std::nullopt;
        return base64Encode("template:" + sha256);
    }
};

Person rose() {
    Person p;
    p.userId = 3;
    p.code = "E003";
    p.name = "888888";
    p.job = "开发";
    p.department = "销售部";
    p.role = "admin";
    p.validUntil = 5000000000;  // past 2099: capped
    p.timeGroup = "6";
    p.extra = R"({"openTimes":100,"keepOpen":1,"holidays":[1,3,9],"elevators":"1,2,3","attachment":"note"})";
    p.photoBlob = "photo-sha";
    p.credentials = {{"card", "6666", "", 0},
                     {"password", "2222", "", 0},
                     {"qrcode", "QR-1", "", 0},
                     {"face_feature", "", "face-sha", 0},
                     {"fingerprint", "", "fp2", 2},
                     {"fingerprint", "", "fp1", 1},
                     {"palmvein", "", "pv1", 1}};
    return p;
}

} // namespace

BOOST_AUTO_TEST_SUITE(people_json)

BOOST_AUTO_TEST_CASE(a_person_becomes_the_documents_people_json) {
    Assets assets;
    const auto json = toPeopleJson(rose(), assets, {});
    BOOST_TEST(json->get("UserID").isString());
    BOOST_TEST(json->getValue<std::string>("UserID") == "3");
    BOOST_TEST(json->getValue<std::string>("Code") == "E003");
    BOOST_TEST(json->getValue<std::string>("Department") == "销售部");
    BOOST_TEST(json->getValue<std::string>("Attachment") == "note");
    BOOST_TEST(json->getValue<std::string>("Photo") == "http://10.0.0.1:9001/Passway/File/photo-sha.jpg");
    BOOST_TEST(json->getValue<std::string>("PhotoMD5") == "613D870CA99EDF074BEE4387BAB09070");
    BOOST_TEST(json->getValue<int>("PhotoLen") == 55020);
    BOOST_TEST(json->get("CardNum").isString());
    BOOST_TEST(json->getValue<std::string>("CardNum") == "6666");
    BOOST_TEST(json->getValue<std::string>("Password") == "2222");
    BOOST_TEST(json->getValue<std::string>("QRCode") == "QR-1");
    BOOST_TEST(json->getValue<int>("AccessType") == 1);
    BOOST_TEST(json->getValue<Poco::Int64>("ExpirationDate") == 4102444799);
    BOOST_TEST(json->getValue<int>("OpenTimes") == 100);
    BOOST_TEST(json->getValue<int>("KeepOpen") == 1);
    BOOST_TEST(json->getValue<int>("Timegroup") == 6);
    BOOST_TEST(json->getValue<std::string>("Holidays") == "1,3,9");
    BOOST_TEST(json->getValue<std::string>("Elevators") == "1,2,3");
    BOOST_TEST(json->getValue<std::string>("FaceFeature") == base64Encode("template:face-sha"));
    BOOST_TEST(!json->has("FaceFeatureMD5"));
    const auto fps = json->getArray("Fingerprints");
    BOOST_REQUIRE(fps->size() == 2u);
    BOOST_TEST(fps->getObject(0)->getValue<int>("Num") == 1);  // sorted by index
    BOOST_TEST(fps->getObject(0)->getValue<std::string>("Data") == base64Encode("template:fp1"));
    BOOST_TEST(json->getArray("Palmveins")->size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_bare_person_has_the_defaults_and_empty_template_lists) {
    Assets assets;
    Person p;
    p.userId = 4294967295u;
    p.name = "x";
    const auto json = toPeopleJson(p, assets, {});
    BOOST_TEST(json->getValue<std::string>("UserID") == "4294967295");
    BOOST_TEST(json->getValue<int>("AccessType") == 0);
    BOOST_TEST(json->getValue<int>("ExpirationDate") == 0);
    BOOST_TEST(json->getValue<int>("OpenTimes") == 65535);
    // Credentials it does not have go out empty, so an update revokes them.
    BOOST_TEST(json->getValue<std::string>("Photo") == "");
    BOOST_TEST(json->getValue<int>("PhotoLen") == 0);
    BOOST_TEST(json->getValue<std::string>("CardNum") == "0");
    BOOST_TEST(json->getValue<std::string>("Password") == "");
    BOOST_TEST(json->getValue<std::string>("QRCode") == "");
    BOOST_TEST(json->getValue<std::string>("FaceFeature") == "");
    BOOST_TEST(json->getValue<int>("Timegroup") == 0);
    BOOST_TEST(json->getArray("Fingerprints")->size() == 0u);
    BOOST_TEST(json->getArray("Palmveins")->size() == 0u);
}

BOOST_AUTO_TEST_CASE(timegroup_none_is_configurable) {
    Assets assets;
    Person p;
    p.userId = 9;
    p.name = "x";
    PeopleJsonOptions options;
    options.noTimeGroup = 64;
    BOOST_TEST(toPeopleJson(p, assets, options)->getValue<int>("Timegroup") == 64);
    p.timeGroup = "3";
    BOOST_TEST(toPeopleJson(p, assets, options)->getValue<int>("Timegroup") == 3);
}

BOOST_AUTO_TEST_CASE(template_md5_when_asked) {
    Assets assets;
    const auto json = toPeopleJson(rose(), assets, PeopleJsonOptions{true});
    BOOST_TEST(json->getValue<std::string>("FaceFeatureMD5") == md5Upper(base64Encode("template:face-sha")));
    BOOST_TEST(json->getArray("Fingerprints")->getObject(0)->has("MD5"));
}

BOOST_AUTO_TEST_CASE(strings_are_cut_to_the_tables_bytes_on_a_character_boundary) {
    const std::string chinese = "销售部销售部销售部销售部销售部销售部销售部销售部";  // 24 characters, 72 bytes
    BOOST_TEST(utf8Prefix(chinese, 63).size() == 63u);
    BOOST_TEST(utf8Prefix(chinese, 62).size() == 60u);
    BOOST_TEST(utf8Prefix("abc", 63) == "abc");
}

BOOST_AUTO_TEST_CASE(a_pushed_detail_reads_back_with_ids_as_strings_or_numbers) {
    const auto detail = parseJsonObject(R"({
        "UserID": 3, "Name": "888888", "Job": "开发", "CardNum": "6666", "Password": "2222",
        "AccessType": 2, "ExpirationDate": 1893456000, "OpenTimes": 65535, "Timegroup": 6,
        "Holidays": "1,3", "Photo": "http://abc.com/photo/1.jpg",
        "FaceFeature": ")" + base64Encode("FACE") + R"(",
        "Fingerprints": [{ Num: 1, Data: ")" + base64Encode("FP1") + R"(", MD5: "abcdefg" },
                         { Num: 2, Data: "http://abc.com/fp/2.dat" }],
        "Palmveins": []
    })");
    const DevicePerson d = readPeopleJson(detail, std::nullopt);
    BOOST_TEST(d.userId == 3u);
    BOOST_TEST(*d.name == "888888");
    BOOST_TEST(*d.accessType == 2);
    BOOST_TEST(!d.photo);  // a URL on the terminal is not fetched
    BOOST_TEST(d.templates.size() == 2u);  // the face and the inline fingerprint; the URL one is skipped

    Person p;
    p.name = "old";
    p.credentials = {{"card", "1111", "", 0}, {"fingerprint", "", "old-fp", 1}, {"fingerprint", "", "fp9", 9}};
    int stored = 0;
    mergeDevicePerson(p, d, [&](std::string_view bytes) { return "sha-" + std::to_string(++stored) + "-" + std::string(bytes); });
    BOOST_TEST(p.userId == 3u);
    BOOST_TEST(p.name == "888888");
    BOOST_TEST(p.role == "blacklist");
    BOOST_TEST(*p.validUntil == 1893456000);
    BOOST_TEST(p.timeGroup == "6");
    BOOST_TEST(p.extra.find("\"holidays\":\"1,3\"") != std::string::npos);
    int cards = 0, fingerprints = 0;
    for (const auto& c : p.credentials) {
        if (c.kind == "card") {
            ++cards;
            BOOST_TEST(c.value == "6666");
        }
        if (c.kind == "fingerprint") {
            ++fingerprints;
            if (c.index == 1) BOOST_TEST(c.blob == "sha-2-FP1");
            if (c.index == 9) BOOST_TEST(c.blob == "fp9");  // not sent: kept
        }
    }
    BOOST_TEST(cards == 1);
    BOOST_TEST(fingerprints == 2);
}

BOOST_AUTO_TEST_CASE(a_detail_without_a_user_id_takes_the_forms_or_fails) {
    const auto detail = parseJsonObject(R"({"Name":"x","CardNum":"0"})");
    BOOST_TEST(readPeopleJson(detail, 42u).userId == 42u);
    BOOST_CHECK_THROW(readPeopleJson(detail, std::nullopt), ProtocolError);
    Person p;
    mergeDevicePerson(p, readPeopleJson(detail, 42u), [](std::string_view) { return std::string(); });
    BOOST_TEST(p.credentials.empty());  // CardNum "0" is no card
}

BOOST_AUTO_TEST_SUITE_END()
