#pragma once

#include "passway/services/KeyValueService.h"

namespace passway {
class KeyValueRepository;
}

namespace passway::plugin {

// KeyValueService over the store's key-value table, every key prefixed
// with plugin.<id>. so that a plugin reaches only its own values: never
// the host's (auth.jwt_secret signs admin tokens) nor another plugin's.
class PluginKeyValue final : public KeyValueService {
public:
    PluginKeyValue(const std::string& pluginId, KeyValueRepository& kv) : prefix_("plugin." + pluginId + "."), kv_(kv) {}

    std::optional<std::string> get(const std::string& key) override;
    void set(const std::string& key, const std::string& value) override;
    bool remove(const std::string& key) override;

private:
    std::string scoped(const std::string& key) const;

    const std::string prefix_;
    KeyValueRepository& kv_;
};

} // namespace passway::plugin
