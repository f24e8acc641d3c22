#include "app/ConfigDefaults.h"

#include "face/FaceOptions.h"
#include "script/ScriptOptions.h"
#include "util/SecretPolicy.h"

#include <Poco/Exception.h>
#include <Poco/File.h>
#include <Poco/Path.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

namespace passway {

namespace {

// A build tree keeps plugins next to the binary; an installed tree keeps them
// in <prefix>/lib/passway/plugins.
std::string defaultPluginDir(const std::string& executableDir) {
    Poco::Path beside(executableDir);
    beside.makeDirectory().pushDirectory("plugins");
    if (Poco::File(beside).exists()) return beside.toString();
    Poco::Path installed(executableDir);
    installed.makeDirectory().popDirectory().pushDirectory("lib").pushDirectory("passway").pushDirectory("plugins");
    return installed.toString();
}

} // namespace

Poco::AutoPtr<Poco::Util::MapConfiguration> makeDefaultConfiguration(const std::string& executableDir) {
    Poco::AutoPtr<Poco::Util::MapConfiguration> defaults(new Poco::Util::MapConfiguration);
    defaults->setString("http.address", "0.0.0.0");
    defaults->setInt("http.port", 8080);
    defaults->setInt("http.threads", 16);
    defaults->setString("store.path", "var/passway.db");
    defaults->setString("store.synchronous", "FULL");
    defaults->setInt("store.cache_mb", 64);
    defaults->setInt("store.checkpoint_pages", 10000);
    defaults->setString("blobs.path", "var/blobs");
    defaults->setString("data.path", "var/data");
    // Backups and retention; core/maintenance/Maintenance.cpp reads them.
    defaults->setString("backup.dir", "var/backups");
    defaults->setString("backup.cron", "");  // e.g. "30 2 * * *": every night at 02:30
    defaults->setInt("backup.keep", 7);
    defaults->setInt("records.retention_days", 0);  // 0: keep records forever
    defaults->setString("plugins.dir", defaultPluginDir(executableDir));
    defaults->setString("plugins.enabled", "");
    defaults->setString("scripts.dir", ScriptOptions{}.dir);  // the script host's own default
    defaults->setString("www.dir", "www");
    defaults->setString("log.level", "information");
    defaults->setString("log.path", "var/log/passway.log");
    defaults->setString("log.rotation", "10 M");
    defaults->setInt("log.keep", 10);
    defaults->setBool("devices.auto_activate", false);
    defaults->setInt("auth.token_ttl", 12 * 3600);
    defaults->setInt("shutdown.grace_seconds", 10);  // plugins' requests in flight at shutdown
    // The face service; core/face/FaceOptions.cpp reads the rest with their defaults.
    // face.detector and face.recognizer default to files in this folder.
    defaults->setString("face.models_dir", kDefaultModelsDir);
    return defaults;
}

std::pair<std::string, std::string> parseOverride(const std::string& option) {
    const auto eq = option.find('=');
    if (eq == std::string::npos) throw Poco::InvalidArgumentException("--set expects key=value, got: " + option);
    std::string key = Poco::trim(option.substr(0, eq));
    if (key.empty()) throw Poco::InvalidArgumentException("--set expects key=value, the key is empty: " + option);
    return {key, option.substr(eq + 1)};
}

std::vector<std::string> splitList(const std::string& text) {
    std::vector<std::string> items;
    Poco::StringTokenizer tokens(text, ",; ", Poco::StringTokenizer::TOK_TRIM | Poco::StringTokenizer::TOK_IGNORE_EMPTY);
    for (const auto& token : tokens) items.push_back(token);
    return items;
}

bool isSecretKey(const std::string& key) { return isSecretConfigKey(key); }

} // namespace passway
