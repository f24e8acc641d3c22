#pragma once

#include "model/AdminUser.h"

#include <optional>
#include <vector>

namespace passway {

class UserRepository {
public:
    virtual ~UserRepository() = default;

    // Throws StoreError if the username exists.
    virtual AdminUser create(const AdminUser& user) = 0;
    virtual std::optional<AdminUser> find(std::int64_t id) = 0;
    virtual std::optional<AdminUser> findByName(const std::string& username) = 0;
    virtual std::vector<AdminUser> list() = 0;
    // Saves role, passwordHash and disabled.
    virtual bool update(const AdminUser& user) = 0;
    virtual bool remove(std::int64_t id) = 0;
    virtual std::int64_t count() = 0;
};

} // namespace passway
