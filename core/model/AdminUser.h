#pragma once

#include <cstdint>
#include <string>

namespace passway {

// A person who administers Passway (not a person on the terminals).
struct AdminUser {
    std::int64_t id = 0;
    std::string username;
    std::string role;              // admin | operator | viewer
    std::string passwordHash;      // PBKDF2 string as written by auth/PasswordHasher; never logged or returned
    bool disabled = false;
    std::int64_t createdAt = 0;
    std::int64_t updatedAt = 0;
};

struct AuditEntry {
    std::int64_t id = 0;
    std::int64_t at = 0;           // unix milliseconds
    std::string actor;             // username, plugin id, "system"
    std::string action;            // e.g. person.update, device.activate
    std::string target;            // e.g. person:42, device:7
    std::string detail;            // JSON object text, secrets removed
};

struct AuditQuery {
    std::string actor;
    std::string action;
    std::string target;
    int offset = 0;
    int limit = 50;
};

} // namespace passway
