#include "admin/auth/Role.h"

namespace passway::admin {

const char* toString(Role role) {
    switch (role) {
    case Role::Public: return "public";
    case Role::Viewer: return "viewer";
    case Role::Operator: return "operator";
    case Role::Admin: return "admin";
    }
    return "public";
}

std::optional<Role> parseUserRole(const std::string& name) {
    if (name == "viewer") return Role::Viewer;
    if (name == "operator") return Role::Operator;
    if (name == "admin") return Role::Admin;
    return std::nullopt;
}

} // namespace passway::admin
