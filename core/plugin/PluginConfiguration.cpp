#include "plugin/PluginConfiguration.h"

#include <Poco/Exception.h>

#include <utility>

namespace passway {

PluginConfiguration::PluginConfiguration(Poco::Util::AbstractConfiguration& parent, std::string prefix)
    : parent_(&parent, true), prefix_(std::move(prefix)) {}

std::string PluginConfiguration::translate(const std::string& key) const {
    return key.empty() ? prefix_ : prefix_ + "." + key;
}

bool PluginConfiguration::getRaw(const std::string& key, std::string& value) const {
    const std::string full = translate(key);
    // The parent's getRaw is protected; its public raw read throws for a
    // missing key (also when the key vanished between the two calls).
    if (!parent_->hasProperty(full)) return false;
    try {
        value = parent_->getRawString(full);
        return true;
    } catch (const Poco::NotFoundException&) {
        return false;
    }
}

void PluginConfiguration::setRaw(const std::string& key, const std::string&) {
    throw Poco::InvalidAccessException("plugin configuration is read-only", translate(key));
}

void PluginConfiguration::enumerate(const std::string& key, Keys& range) const {
    parent_->keys(translate(key), range);
}

void PluginConfiguration::removeRaw(const std::string& key) {
    throw Poco::InvalidAccessException("plugin configuration is read-only", translate(key));
}

} // namespace passway
