#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>

#include <string>

namespace passway {

// A plugin's configuration: the `plugin.<id>` subtree of the application
// configuration and nothing else, read-only. Poco's own ConfigurationView is
// not used because it falls back to the unprefixed key in the parent, which
// would let a plugin read every host setting (admin.bootstrap_password,
// store.path, ...). Reads are live: a reloaded parent is seen at once.
class PluginConfiguration final : public Poco::Util::AbstractConfiguration {
public:
    PluginConfiguration(Poco::Util::AbstractConfiguration& parent, std::string prefix);

protected:
    bool getRaw(const std::string& key, std::string& value) const override;
    void setRaw(const std::string& key, const std::string& value) override;  // throws InvalidAccessException
    void enumerate(const std::string& key, Keys& range) const override;
    void removeRaw(const std::string& key) override;  // throws InvalidAccessException

private:
    std::string translate(const std::string& key) const;

    Poco::AutoPtr<Poco::Util::AbstractConfiguration> parent_;
    const std::string prefix_;
};

} // namespace passway
