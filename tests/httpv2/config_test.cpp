#include <boost/test/unit_test.hpp>

#include "Httpv2Config.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/MapConfiguration.h>

using namespace passway::httpv2;

namespace {

Poco::AutoPtr<Poco::Util::MapConfiguration> config(std::initializer_list<std::pair<const char*, const char*>> values) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> c = new Poco::Util::MapConfiguration;
    for (const auto& [key, value] : values) c->setString(key, value);
    return c;
}

bool matches(const Httpv2Config& c, const std::string& serial) { return std::regex_match(serial, c.serialPattern); }

} // namespace

BOOST_AUTO_TEST_SUITE(httpv2_config)

BOOST_AUTO_TEST_CASE(defaults) {
    const auto c = Httpv2Config::read(*config({}));
    BOOST_TEST(c.port == 9001);
    BOOST_TEST(!c.tls);
    // An upload waiting for its group commit holds no handler thread (it is
    // answered from the record writer), so a few threads serve 200 uploading
    // at once; enough that short store calls of other terminals never queue long.
    BOOST_TEST(c.maxThreads == 32);
    BOOST_TEST(c.limits.maxBody == 4u << 20);
    BOOST_TEST((c.pushPeoplePolicy == PushPeoplePolicy::CreateOnly));
    BOOST_TEST((c.photoMode == PhotoMode::Url));
    BOOST_TEST((c.commands.ticketForm == TicketForm::Object));
    BOOST_TEST((c.flagsMode == FlagsMode::All));
    BOOST_TEST(matches(c, "FC-8190H24052799"));
    BOOST_TEST(matches(c, "FC-8200H12345678"));
    BOOST_TEST(!matches(c, ""));
    BOOST_TEST(!matches(c, "ab"));
    BOOST_TEST(!matches(c, "FC 8190"));
    BOOST_TEST(!matches(c, "../../etc"));
    BOOST_TEST(!matches(c, std::string(100, 'A')));
}

BOOST_AUTO_TEST_CASE(choices) {
    const auto c = Httpv2Config::read(*config({{"port", "9100"},
                                               {"photo_mode", "base64"},
                                               {"push_people_policy", "UPSERT"},
                                               {"register_ticket_form", "flat"},
                                               {"keepalive_flags", "highest"},
                                               {"download_settings", "desired"},
                                               {"public_url", "https://passway.example/"},
                                               {"sn_pattern", "^FC-[0-9A-Z]+$"},
                                               {"max_body_bytes", "1048576"}}));
    BOOST_TEST(c.port == 9100);
    BOOST_TEST((c.photoMode == PhotoMode::Base64));
    BOOST_TEST((c.pushPeoplePolicy == PushPeoplePolicy::Upsert));
    BOOST_TEST((c.commands.ticketForm == TicketForm::Flat));
    BOOST_TEST((c.flagsMode == FlagsMode::Highest));
    BOOST_TEST((c.downloadMode == DownloadMode::Desired));
    BOOST_TEST(c.publicUrl == "https://passway.example");
    BOOST_TEST(c.limits.maxBody == 1048576u);
    BOOST_TEST(matches(c, "FC-8190H"));
    BOOST_TEST(!matches(c, "XX-8190H"));
}

BOOST_AUTO_TEST_CASE(bad_values_name_their_key) {
    const auto refused = [](std::initializer_list<std::pair<const char*, const char*>> values, const std::string& key) {
        try {
            Httpv2Config::read(*config(values));
            BOOST_ERROR("accepted " + key);
        } catch (const std::invalid_argument& e) {
            BOOST_TEST(std::string(e.what()).find(key) != std::string::npos, e.what());
        }
    };
    refused({{"photo_mode", "ftp"}}, "photo_mode");
    refused({{"push_people_policy", "merge"}}, "push_people_policy");
    refused({{"sn_pattern", "(["}}, "sn_pattern");
    refused({{"max_threads", "0"}}, "max_threads");
    refused({{"tls.enabled", "true"}}, "tls");
}

BOOST_AUTO_TEST_SUITE_END()
