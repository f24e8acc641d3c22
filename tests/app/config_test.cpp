#include <boost/test/unit_test.hpp>

#include "app/ConfigDefaults.h"
#include "app/EffectiveSettings.h"

#include <Poco/AutoPtr.h>
#include <Poco/Exception.h>
#include <Poco/Util/IniFileConfiguration.h>
#include <Poco/Util/LayeredConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <sstream>

using namespace passway;

BOOST_AUTO_TEST_CASE(defaults_cover_the_documented_keys) {
    auto defaults = makeDefaultConfiguration("/nonexistent/bin");
    BOOST_TEST(defaults->getInt("http.port") == 8080);
    BOOST_TEST(defaults->getString("store.path") == "var/passway.db");
    BOOST_TEST(defaults->getString("blobs.path") == "var/blobs");
    BOOST_TEST(defaults->getBool("devices.auto_activate") == false);
    BOOST_TEST(defaults->getString("plugins.enabled") == "");
    // Not beside the binary: the installed layout.
    BOOST_TEST(defaults->getString("plugins.dir") == "/nonexistent/lib/passway/plugins/");
    // No default password, anywhere.
    BOOST_TEST(!defaults->hasProperty("admin.bootstrap_password"));
}

BOOST_AUTO_TEST_CASE(override_parsing) {
    BOOST_TEST(parseOverride("http.port=9090").first == "http.port");
    BOOST_TEST(parseOverride("http.port=9090").second == "9090");
    BOOST_TEST(parseOverride(" a.b = x=y").second == " x=y");  // value kept verbatim after the first '='
    BOOST_TEST(parseOverride("key=").second == "");
    BOOST_CHECK_THROW(parseOverride("no-equals"), Poco::InvalidArgumentException);
    BOOST_CHECK_THROW(parseOverride("=value"), Poco::InvalidArgumentException);
}

BOOST_AUTO_TEST_CASE(layering_puts_overrides_over_file_over_defaults) {
    // The same layering PasswayServer::initialize builds.
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
    config->add(makeDefaultConfiguration("/bin"), 200, false);
    std::istringstream ini("[http]\nport = 9000\naddress = 127.0.0.1\n[store]\npath = /tmp/x.db\n");
    config->add(new Poco::Util::IniFileConfiguration(ini), 0, false);
    Poco::AutoPtr<Poco::Util::MapConfiguration> overrides(new Poco::Util::MapConfiguration);
    const auto [key, value] = parseOverride("http.port=9100");
    overrides->setString(key, value);
    config->add(overrides, -200, false);

    BOOST_TEST(config->getInt("http.port") == 9100);             // --set wins
    BOOST_TEST(config->getString("http.address") == "127.0.0.1"); // file over defaults
    BOOST_TEST(config->getString("store.path") == "/tmp/x.db");
    BOOST_TEST(config->getString("blobs.path") == "var/blobs");   // default where nobody says otherwise
}

BOOST_AUTO_TEST_CASE(lists_and_secrets) {
    BOOST_TEST(splitList(" httpv2, tcpjson ,,attlog").size() == 3u);
    BOOST_TEST(splitList("").empty());
    BOOST_TEST(isSecretKey("admin.bootstrap_password"));
    BOOST_TEST(isSecretKey("plugin.henan.app_secret"));
    BOOST_TEST(isSecretKey("plugin.httpv2.tls.private_key"));
    BOOST_TEST(!isSecretKey("http.port"));
}

BOOST_AUTO_TEST_CASE(effective_settings_list_every_key_with_the_value_that_wins) {
    Poco::AutoPtr<Poco::Util::LayeredConfiguration> config(new Poco::Util::LayeredConfiguration);
    config->add(makeDefaultConfiguration("/bin"), 200, false);
    Poco::AutoPtr<Poco::Util::MapConfiguration> overrides(new Poco::Util::MapConfiguration);
    overrides->setString("http.port", "9090");
    overrides->setString("plugin.httpv2.port", "9001");
    overrides->setString("plugin.httpv2.tls.enabled", "true");
    overrides->setString("system.whatever", "not the site's");
    overrides->setString("application.dir", "/opt/passway/bin/");
    config->add(overrides, -200, false);
    std::map<std::string, std::string> settings;
    for (const auto& [key, value] : effectiveSettings(*config)) settings[key] = value;
    BOOST_TEST(settings["http.port"] == "9090");
    BOOST_TEST(settings["store.path"] == "var/passway.db");
    BOOST_TEST(settings["plugin.httpv2.port"] == "9001");
    BOOST_TEST(settings["plugin.httpv2.tls.enabled"] == "true");
    BOOST_TEST(settings.count("system.whatever") == 0u);
    BOOST_TEST(settings.count("application.dir") == 0u);
    BOOST_TEST(settings.count("plugin.httpv2") == 0u);  // a section, not a key
}
