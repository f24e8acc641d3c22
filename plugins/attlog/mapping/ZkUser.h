#pragma once

#include "passway/model/Person.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

namespace passway::attlog {

// What a ZK user gets when a person has no value for Grp / TZ.
struct ZkUserDefaults {
    std::string group = "1";
    std::string timeZone = "0000000000000000";
};

// A canonical person as the seed's user object, every member a string:
// {"PIN", "Name", "Pri", "Passwd", "Card", "Grp", "TZ"}. README.md
// ("Users") gives each field's source.
struct ZkUser {
    static constexpr const char* kAdminPrivilege = "14";
    static constexpr const char* kUserPrivilege = "0";

    static Poco::JSON::Object::Ptr of(const Person& person, const ZkUserDefaults& defaults);
    // A person the store no longer has (removed): only the PIN is known.
    static Poco::JSON::Object::Ptr removed(std::uint32_t userId);
};

}  // namespace passway::attlog
