#pragma once

#include <optional>
#include <string>

namespace passway {

// The plugin's own small named values (cursors, digests of what it
// delivered). Keys are scoped: a plugin's "x" is stored as plugin.<id>.x,
// so no plugin reads the host's values (its token signing key) or another
// plugin's. Throws HostError (Unavailable).
class KeyValueService {
public:
    virtual ~KeyValueService() = default;

    virtual std::optional<std::string> get(const std::string& key) = 0;
    virtual void set(const std::string& key, const std::string& value) = 0;
    virtual bool remove(const std::string& key) = 0;
};

} // namespace passway
