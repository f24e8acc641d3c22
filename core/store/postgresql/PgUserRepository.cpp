#include "store/postgresql/PgUserRepository.h"

#include "store/StoreError.h"
#include "store/postgresql/PgDatabase.h"
#include "passway/Clock.h"

namespace passway {

namespace {

constexpr const char* kSelect =
    "SELECT id, username, role, password_hash, disabled, created_at, updated_at FROM admin_users";

AdminUser readRow(PgStatement& row) {
    AdminUser user;
    user.id = row.int64(0);
    user.username = row.text(1);
    user.role = row.text(2);
    user.passwordHash = row.text(3);
    user.disabled = row.boolean(4);
    user.createdAt = row.int64(5);
    user.updatedAt = row.int64(6);
    return user;
}

} // namespace

std::optional<AdminUser> PgUserRepository::findLocked(std::int64_t id) {
    auto row = db_.prepare(std::string(kSelect) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

AdminUser PgUserRepository::create(const AdminUser& user) {
    auto lock = db_.lock();
    const std::int64_t now = nowMillis();
    std::int64_t id = 0;
    try {
        auto insert = db_.prepare("INSERT INTO admin_users (username, role, password_hash, disabled, created_at, "
                                  "updated_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id");
        insert.bindAll(user.username, user.role, user.passwordHash, user.disabled, now, now);
        insert.step();
        id = insert.int64(0);
    } catch (const StoreError& e) {
        if (e.conflict()) throw StoreError("user " + user.username + " already exists", true);
        throw;
    }
    return *findLocked(id);
}

std::optional<AdminUser> PgUserRepository::find(std::int64_t id) {
    auto lock = db_.lock();
    return findLocked(id);
}

std::optional<AdminUser> PgUserRepository::findByName(const std::string& username) {
    auto lock = db_.lock();
    auto row = db_.prepare(std::string(kSelect) + " WHERE username = ?");
    row.bind(1, username);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

std::vector<AdminUser> PgUserRepository::list() {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string(kSelect) + " ORDER BY id");
    std::vector<AdminUser> users;
    while (rows.step()) users.push_back(readRow(rows));
    return users;
}

bool PgUserRepository::update(const AdminUser& user) {
    auto lock = db_.lock();
    db_.prepare("UPDATE admin_users SET role = ?, password_hash = ?, disabled = ?, updated_at = ? WHERE id = ?")
        .bindAll(user.role, user.passwordHash, user.disabled, nowMillis(), user.id)
        .run();
    return db_.changes() > 0;
}

bool PgUserRepository::remove(std::int64_t id) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM admin_users WHERE id = ?").bind(1, id).run();
    return db_.changes() > 0;
}

std::int64_t PgUserRepository::count() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM admin_users");
    row.step();
    return row.int64(0);
}

} // namespace passway
