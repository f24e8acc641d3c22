#include <boost/test/unit_test.hpp>

#include "mapping/ErrorCodes.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(error_codes)

BOOST_AUTO_TEST_CASE(the_documented_codes_have_meanings) {
    for (int code : {1, 2, 3, 4, 5, 6, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32}) {
        BOOST_TEST(personErrorMeaning(code).find("terminal error code") == std::string::npos, "code " << code);
    }
    BOOST_TEST(personErrorMeaning(20) == "face feature duplicates another person's");
    BOOST_TEST(personErrorMeaning(7) == "terminal error code 7");
}

BOOST_AUTO_TEST_CASE(the_ledger_message_names_the_repeated_user_and_the_terminals_words) {
    BOOST_TEST(personFailureMessage(23, "77", "dup") == "card number duplicates another person's (repeats user 77): dup");
    BOOST_TEST(personFailureMessage(2, "", "") == "person photo URL download failed");
    BOOST_TEST(personFailureMessage(2, "0", "") == "person photo URL download failed");
}

BOOST_AUTO_TEST_CASE(download_io_and_storage_failures_are_transient_the_rest_permanent) {
    for (int code : {2, 4, 5, 6, 24, 25, 26, 31, 32}) BOOST_TEST(personErrorIsTransient(code), "code " << code);
    for (int code : {0, 1, 3, 20, 21, 22, 23, 27, 28, 29, 30, 33, 99}) BOOST_TEST(!personErrorIsTransient(code), "code " << code);
}

BOOST_AUTO_TEST_CASE(register_results) {
    BOOST_TEST(registerResultMeaning(1) == "registered");
    BOOST_TEST(registerResultMeaning(3) == "credential already registered");
    BOOST_TEST(registerResultMeaning(9) == "result 9");
}

BOOST_AUTO_TEST_SUITE_END()
