#include "mapping/ZkUser.h"

namespace passway::attlog {

namespace {

Poco::JSON::Object::Ptr user(std::uint32_t userId) {
    Poco::JSON::Object::Ptr u = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    u->set("PIN", std::to_string(userId));
    u->set("Name", std::string());
    u->set("Pri", std::string(ZkUser::kUserPrivilege));
    u->set("Passwd", std::string());
    u->set("Card", std::string());
    u->set("Grp", std::string());
    u->set("TZ", std::string());
    return u;
}

std::string credential(const Person& person, const std::string& kind) {
    for (const auto& c : person.credentials) {
        if (c.kind == kind && !c.value.empty()) return c.value;
    }
    return {};
}

bool isGroupNumber(const std::string& text) {
    if (text.empty() || text.size() > 2) return false;
    for (char c : text) {
        if (c < '0' || c > '9') return false;
    }
    return text != "0" && text != "00";
}

}  // namespace

Poco::JSON::Object::Ptr ZkUser::of(const Person& person, const ZkUserDefaults& defaults) {
    auto u = user(person.userId);
    u->set("Name", person.name);
    u->set("Pri", std::string(person.role == "admin" ? kAdminPrivilege : kUserPrivilege));
    u->set("Passwd", credential(person, "password"));
    u->set("Card", credential(person, "card"));
    // ZK access groups are numbers 1..99: the first access group that is one.
    std::string group = defaults.group;
    for (const auto& g : person.accessGroups) {
        if (isGroupNumber(g)) {
            group = g;
            break;
        }
    }
    u->set("Grp", group);
    u->set("TZ", person.timeGroup.empty() ? defaults.timeZone : person.timeGroup);
    return u;
}

Poco::JSON::Object::Ptr ZkUser::removed(std::uint32_t userId) {
    return user(userId);
}

}  // namespace passway::attlog
