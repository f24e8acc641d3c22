#include "plugin/services/PluginKeyValue.h"

#include "plugin/services/HostCall.h"
#include "store/KeyValueRepository.h"

namespace passway::plugin {

std::string PluginKeyValue::scoped(const std::string& key) const {
    if (key.empty()) throw HostError(HostError::Kind::Invalid, "kv: empty key");
    return prefix_ + key;
}

std::optional<std::string> PluginKeyValue::get(const std::string& key) {
    return hostCall([&] { return kv_.get(scoped(key)); });
}

void PluginKeyValue::set(const std::string& key, const std::string& value) {
    hostCall([&] { kv_.set(scoped(key), value); });
}

bool PluginKeyValue::remove(const std::string& key) {
    return hostCall([&] { return kv_.remove(scoped(key)); });
}

} // namespace passway::plugin
