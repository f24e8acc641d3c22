#include <boost/test/unit_test.hpp>

#include "wire/JsonFields.h"
#include "wire/ProtocolError.h"
#include "wire/TolerantJson.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(tolerant_json)

BOOST_AUTO_TEST_CASE(strict_json_parses_with_its_key_order_kept) {
    const auto o = parseJsonObject(R"({"Success":1,"B":2,"A":3})");
    const auto names = o->getNames();
    BOOST_TEST((names == std::vector<std::string>{"Success", "B", "A"}));
}

BOOST_AUTO_TEST_CASE(the_keepalive_examples_trailing_comma_is_accepted) {
    const auto o = parseJsonObject(R"({
        "SN":"FC-8200H12345678",
        "RelayStatus":	0,
        "AlarmStatus":	"",
    })");
    BOOST_TEST(o->getValue<std::string>("SN") == "FC-8200H12345678");
    BOOST_TEST(parseJson("[1,2,3,]").extract<Poco::JSON::Array::Ptr>()->size() == 3u);
}

BOOST_AUTO_TEST_CASE(bare_member_names_of_the_fingerprint_example_are_accepted) {
    const auto o = parseJsonObject(R"({"Fingerprints":[{ Num: 1, Data: "abc==", MD5: "abcdefg" }]})");
    const auto fp = o->getArray("Fingerprints")->getObject(0);
    BOOST_TEST(fp->getValue<int>("Num") == 1);
    BOOST_TEST(fp->getValue<std::string>("Data") == "abc==");
}

BOOST_AUTO_TEST_CASE(bare_word_values_become_strings_and_literals_stay) {
    const auto o = parseJsonObject(R"({"UserID":xxx, "ok":true, "none":null, "list":[false, yes]})");
    BOOST_TEST(o->getValue<std::string>("UserID") == "xxx");
    BOOST_TEST(o->getValue<bool>("ok"));
    BOOST_TEST(o->isNull("none"));
    BOOST_TEST(o->getArray("list")->get(1).toString() == "yes");
}

BOOST_AUTO_TEST_CASE(commas_and_colons_inside_strings_are_left_alone) {
    BOOST_TEST(repairJson(R"({"a":"x,}","b":"k: v,]"})") == R"({"a":"x,}","b":"k: v,]"})");
    BOOST_TEST(repairJson(R"({"a":"say \"hi\",",})") == R"({"a":"say \"hi\","})");
}

BOOST_AUTO_TEST_CASE(a_byte_order_mark_and_a_trailing_nul_are_dropped) {
    const std::string text = std::string("\xEF\xBB\xBF") + R"({"SN":"X"})" + std::string(1, '\0') + "\n";
    BOOST_TEST(parseJsonObject(text)->getValue<std::string>("SN") == "X");
}

BOOST_AUTO_TEST_CASE(broken_json_is_a_400_protocol_error) {
    for (const std::string& bad : {std::string(R"({"SN":"X","RelayStatus":)"), std::string("{\"SN\":1,,}"),
                                  std::string(""), std::string("   "), std::string("not json")}) {
        try {
            parseJson(bad);
            BOOST_ERROR("accepted: " + bad);
        } catch (const ProtocolError& e) {
            BOOST_TEST(e.httpStatus() == 400);
            BOOST_TEST(e.success() == 400);
            BOOST_TEST(std::string(e.what()).find("malformed JSON") == 0);
        }
    }
}

BOOST_AUTO_TEST_CASE(an_array_where_an_object_belongs_is_refused_by_name) {
    try {
        parseJsonObject(R"(["not","an","object"])", "the body");
        BOOST_ERROR("accepted an array");
    } catch (const ProtocolError& e) {
        BOOST_TEST(std::string(e.what()) == "the body is not a JSON object");
    }
}

BOOST_AUTO_TEST_CASE(nesting_and_values_are_bounded_before_parsing) {
    const auto refusal = [](const std::string& text) -> std::string {
        try {
            parseJson(text);
            return "";
        } catch (const ProtocolError& e) {
            BOOST_TEST(e.success() == 400);
            return e.what();
        }
    };
    BOOST_TEST(refusal("{\"a\":" + std::string(31, '[') + std::string(31, ']') + "}").empty());
    BOOST_TEST(refusal("{\"a\":" + std::string(100000, '[') + std::string(100000, ']') + "}").find("nested deeper") !=
               std::string::npos);
    std::string wide = "[";
    for (int i = 0; i < 250000; ++i) wide += "1,";
    wide += "1]";
    BOOST_TEST(refusal(wide).find("values") != std::string::npos);
    // Inside strings brackets and commas are text.
    BOOST_TEST(refusal("{\"a\":\"" + std::string(1000, '[') + std::string(1000, ',') + "\"}").empty());
}

BOOST_AUTO_TEST_SUITE_END()
