#include <boost/test/unit_test.hpp>

#include "wire/JsonFields.h"
#include "wire/TolerantJson.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(json_fields)

BOOST_AUTO_TEST_CASE(strings_or_numbers_read_as_the_asked_type) {
    const JsonFields f(parseJsonObject(
        R"({"A":"3","B":3,"C":" 12 ","D":2.0,"E":"2.5","F":true,"G":"abc","H":null,"T":"37.3"})"));
    BOOST_TEST(*f.integer("A") == 3);
    BOOST_TEST(*f.integer("B") == 3);
    BOOST_TEST(*f.integer("C") == 12);
    BOOST_TEST(*f.integer("D") == 2);
    BOOST_TEST(*f.integer("E") == 2);
    BOOST_TEST(*f.integer("F") == 1);
    BOOST_TEST(!f.integer("G"));
    BOOST_TEST(!f.integer("H"));
    BOOST_TEST(!f.integer("missing"));
    BOOST_TEST(*f.text("B") == "3");
    BOOST_TEST(*f.text("A") == "3");
    BOOST_TEST(!f.text("H"));
    BOOST_TEST(*f.number("T") == 37.3);
}

BOOST_AUTO_TEST_CASE(user_ids_are_1_to_4294967295_as_string_or_number) {
    const JsonFields f(parseJsonObject(
        R"({"a":"1","b":4294967295,"c":"4294967296","d":0,"e":"","f":-5,"g":"xxx","h":"77"})"));
    BOOST_TEST(*f.userId("a") == 1u);
    BOOST_TEST(*f.userId("b") == 4294967295u);
    BOOST_TEST(!f.userId("c"));
    BOOST_TEST(!f.userId("d"));
    BOOST_TEST(!f.userId("e"));
    BOOST_TEST(!f.userId("f"));
    BOOST_TEST(!f.userId("g"));
    BOOST_TEST(*f.userId("h") == 77u);
}

BOOST_AUTO_TEST_CASE(names_match_exactly_first_then_case_insensitively) {
    const JsonFields f(parseJsonObject(R"({"sn":"lower","Sn":"mixed"})"));
    BOOST_TEST(*f.text("Sn") == "mixed");
    BOOST_TEST(f.text("SN").has_value());
}

BOOST_AUTO_TEST_CASE(the_first_present_spelling_wins) {
    const JsonFields f(parseJsonObject(R"({"DeviceSN":"X","DeletList":[1,2]})"));
    BOOST_TEST(*f.text({"SN", "DeviceSN"}) == "X");
    BOOST_TEST(f.array({"DeleteList", "DeletList"})->size() == 2u);
    BOOST_TEST(!f.array("DeviceSN"));
    BOOST_TEST(!f.child("DeviceSN"));
}

BOOST_AUTO_TEST_SUITE_END()
