#pragma once

#include <optional>
#include <string>

namespace passway {

// Small named values: host secrets, script state, cursors.
class KeyValueRepository {
public:
    virtual ~KeyValueRepository() = default;

    virtual std::optional<std::string> get(const std::string& key) = 0;
    virtual void set(const std::string& key, const std::string& value) = 0;
    // Sets only when absent; returns the value now stored (atomic).
    virtual std::string setIfAbsent(const std::string& key, const std::string& value) = 0;
    virtual bool remove(const std::string& key) = 0;
};

} // namespace passway
