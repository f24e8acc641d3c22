#include <boost/test/unit_test.hpp>

// GET /api/v1/settings: the effective configuration, admin only, sorted by
// key, secrets masked (passwords, keys, tokens) while harmless keys that only
// look alike (auth.token_ttl) stay readable.

#include "AdminFixture.h"

#include "admin/resources/SettingsResource.h"

using namespace passway;
using namespace passway::admin;
using namespace passway::test;

namespace {

struct WithSettings : AdminFixture {
    static AdminOptions options() {
        AdminOptions o = defaultOptions();
        o.settings = {{"http.port", "8080"},
                      {"admin.bootstrap_password", "hunter2-hunter2"},
                      {"auth.token_ttl", "43200"},
                      {"plugin.henan.appkey", "K-123"},
                      {"plugin.uplink.api_token", "T-456"},
                      {"plugin.httpv2.tls.key", "/etc/passway/tls.key"},
                      {"plugin.smtp.password", ""},
                      {"log.keep", "10"}};
        return o;
    }
    WithSettings() : AdminFixture(options()) {}

    std::map<std::string, Poco::JSON::Object::Ptr> byKey(const Response& reply) const {
        std::map<std::string, Poco::JSON::Object::Ptr> items;
        const auto array = reply.items();
        for (unsigned i = 0; i < array->size(); ++i) {
            const auto item = array->getObject(i);
            items[item->getValue<std::string>("key")] = item;
        }
        return items;
    }
};

} // namespace

BOOST_FIXTURE_TEST_SUITE(settings, WithSettings)

BOOST_AUTO_TEST_CASE(shows_every_key_sorted_with_secrets_masked) {
    const auto reply = admin("GET", "/api/v1/settings");
    BOOST_REQUIRE(reply.status == 200);
    BOOST_TEST(reply.body.find("hunter2") == std::string::npos);
    BOOST_TEST(reply.body.find("K-123") == std::string::npos);
    BOOST_TEST(reply.body.find("T-456") == std::string::npos);
    const auto array = reply.items();
    BOOST_REQUIRE(array->size() == 8u);
    BOOST_TEST(array->getObject(0)->getValue<std::string>("key") == "admin.bootstrap_password");
    auto items = byKey(reply);
    BOOST_TEST(items["http.port"]->getValue<std::string>("value") == "8080");
    BOOST_TEST(!items["http.port"]->getValue<bool>("secret"));
    BOOST_TEST(items["admin.bootstrap_password"]->getValue<std::string>("value") == "***");
    BOOST_TEST(items["admin.bootstrap_password"]->getValue<bool>("secret"));
    BOOST_TEST(items["plugin.henan.appkey"]->getValue<std::string>("value") == "***");
    BOOST_TEST(items["plugin.uplink.api_token"]->getValue<std::string>("value") == "***");
    BOOST_TEST(items["plugin.httpv2.tls.key"]->getValue<std::string>("value") == "***");
    BOOST_TEST(items["plugin.smtp.password"]->getValue<std::string>("value") == "");  // unset stays visibly unset
    BOOST_TEST(items["plugin.smtp.password"]->getValue<bool>("secret"));
    BOOST_TEST(items["auth.token_ttl"]->getValue<std::string>("value") == "43200");
    BOOST_TEST(items["log.keep"]->getValue<std::string>("value") == "10");
}

BOOST_AUTO_TEST_CASE(is_for_admins_only) {
    BOOST_TEST(call("GET", "/api/v1/settings").status == 401);
    BOOST_TEST(call("GET", "/api/v1/settings", "", userToken("ops", "operator")).status == 403);
    BOOST_TEST(call("GET", "/api/v1/settings", "", userToken("eyes", "viewer")).status == 403);
}

BOOST_AUTO_TEST_CASE(secret_setting_names) {
    for (const char* key : {"a.password", "x.db_passwd", "plugin.x.secret", "plugin.x.sign_key", "tls.passphrase",
                            "plugin.x.apiKey", "plugin.x.credentials"}) {
        BOOST_TEST(SettingsResource::isSecretSetting(key), key);
    }
    for (const char* key : {"http.port", "auth.token_ttl", "log.keep", "plugin.httpv2.keepalive_s", "store.path"}) {
        BOOST_TEST(!SettingsResource::isSecretSetting(key), key);
    }
}

BOOST_AUTO_TEST_SUITE_END()
