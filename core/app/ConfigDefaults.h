#pragma once

#include <Poco/AutoPtr.h>
#include <Poco/Util/AbstractConfiguration.h>
#include <Poco/Util/MapConfiguration.h>

#include <string>
#include <vector>

namespace passway {

// The embedded defaults: passwayd runs with no configuration file at all.
// They sit below the INI file, which sits below --set overrides.
Poco::AutoPtr<Poco::Util::MapConfiguration> makeDefaultConfiguration(const std::string& executableDir);

// Splits "key=value" of a --set option; throws Poco::InvalidArgumentException
// with a message naming the option when there is no '=' or no key.
std::pair<std::string, std::string> parseOverride(const std::string& option);

// "a, b ,c" → {"a","b","c"}; empty items dropped.
std::vector<std::string> splitList(const std::string& text);

// Keys whose values must never appear in logs or in the settings view (the
// host's one policy, util/SecretPolicy.h).
bool isSecretKey(const std::string& key);

} // namespace passway
