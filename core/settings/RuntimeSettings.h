#pragma once

#include "settings/PageSettingsLayer.h"
#include "settings/SettingDeclaration.h"

#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace passway {

class SettingRepository;

// Settings an operator changes on the admin page: stored in the database
// (migration 010) and layered into the host's configuration, so that
//     --set  >  page  >  INI file  >  built-in default
// (README "Settings and their precedence"). This class keeps the layer and
// the rows in step and says where each effective value comes from; what a
// change sets in motion (a plugin restart, a script reload) is up to the
// caller, which knows the declaration's `apply`.
class RuntimeSettings {
public:
    // `config` is the host's whole configuration, with `overrides` (--set)
    // and `file` (the INI file; null: none) among its layers. The page layer
    // is filled from the store here; the caller adds layer() to `config`.
    RuntimeSettings(SettingRepository& store, const Poco::Util::AbstractConfiguration& config,
                    const Poco::Util::AbstractConfiguration* overrides, const Poco::Util::AbstractConfiguration* file);

    Poco::AutoPtr<PageSettingsLayer> layer() const { return layer_; }

    // The host's own settings the page may change (SMS gateway, outbox,
    // face thresholds, device policy), with how each change applies.
    static const std::vector<SettingDeclaration>& hostSettings();

    // Where `key`'s effective value comes from: "set" (--set), "page",
    // "file", "default" (built in, or the declaration's), "" (unset).
    std::string source(const std::string& key) const;
    // The effective value ("" when unset).
    std::string value(const std::string& key) const;
    // Stores the page's value and makes it effective (unless --set names the
    // key). Validation is the caller's (validateSetting).
    void put(const std::string& key, const std::string& value, const std::string& user);
    // Removes the page's value: the file's or the default applies again.
    bool reset(const std::string& key);
    // Reads the page's values under `prefix` from the store again: another
    // host of a cluster changed them.
    void reload(const std::string& prefix);
    // Whether `key` (a host setting that applies at a restart) has another
    // effective value now than the one this host started with: the page
    // says the change still waits for a restart.
    bool waitsForRestart(const std::string& key) const;
    // The page's value and who set it when (for the form), or nullopt.
    std::optional<std::pair<std::string, std::int64_t>> changedBy(const std::string& key) const;

private:
    SettingRepository& store_;
    const Poco::Util::AbstractConfiguration& config_;
    const Poco::Util::AbstractConfiguration* overrides_;
    const Poco::Util::AbstractConfiguration* file_;
    Poco::AutoPtr<PageSettingsLayer> layer_;
    std::map<std::string, std::string> atStart_;  // the "restart" host settings as this host started
    std::mutex writes_;  // one store-and-layer change at a time
};

} // namespace passway
