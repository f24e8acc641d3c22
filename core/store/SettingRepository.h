#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace passway {

// A setting stored by the admin page (migration 009). Values are kept as
// the text the configuration reads; secrets too (the store is the host's
// own, like the INI file), never shown back by the API.
struct StoredSetting {
    std::string key;
    std::string value;
    std::int64_t updatedAt = 0;  // unix ms
    std::string updatedBy;       // admin username
};

// The settings changed on the admin page, above the INI file and below --set.
class SettingRepository {
public:
    virtual ~SettingRepository() = default;

    virtual std::vector<StoredSetting> list() = 0;   // by key
    virtual std::optional<StoredSetting> find(const std::string& key) = 0;
    virtual void put(const StoredSetting& setting) = 0;  // insert or replace
    virtual bool remove(const std::string& key) = 0;
};

} // namespace passway
