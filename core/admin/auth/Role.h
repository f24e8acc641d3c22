#pragma once

#include <optional>
#include <string>

namespace passway::admin {

// Roles of admin users, ordered: each one may do everything the one below it
// may. Public is not a user role; it marks routes that need no token.
//   viewer   — reads everything except users and the audit log
//   operator — also writes persons, devices, commands, records
//   admin    — also users and the audit log
enum class Role { Public = 0, Viewer = 1, Operator = 2, Admin = 3 };

inline int roleRank(Role role) { return static_cast<int>(role); }

// True when a user holding `held` may use a route that requires `required`.
inline bool roleAllows(Role held, Role required) { return roleRank(held) >= roleRank(required); }

const char* toString(Role role);
// The user roles by name (viewer, operator, admin); nullopt for anything else,
// "public" included, so a stored or submitted role can never be Public.
std::optional<Role> parseUserRole(const std::string& name);

} // namespace passway::admin
