#include "store/sql/SqlUserRepository.h"

#include "passway/Clock.h"
#include "store/StoreError.h"
#include "store/postgresql/PgDialect.h"
#include "store/sqlite/SqliteDialect.h"

namespace passway {

namespace {

constexpr const char* kSelect =
    "SELECT id, username, role, password_hash, disabled, created_at, updated_at FROM admin_users";

template <typename Statement>
AdminUser readRow(Statement& row) {
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

template <typename Sql>
std::optional<AdminUser> SqlUserRepository<Sql>::findLocked(std::int64_t id) {
    auto row = db_.prepare(std::string(kSelect) + " WHERE id = ?");
    row.bind(1, id);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

template <typename Sql>
AdminUser SqlUserRepository<Sql>::create(const AdminUser& user) {
    auto lock = db_.lock();
    const std::int64_t now = nowMillis();
    std::int64_t id = 0;
    try {
        id = Sql::insertedId(
            db_,
            db_.prepare(std::string("INSERT INTO admin_users (username, role, password_hash, disabled, created_at, "
                                    "updated_at) VALUES (?, ?, ?, ?, ?, ?)") +
                        Sql::kReturningId)
                .bindAll(user.username, user.role, user.passwordHash, user.disabled, now, now));
    } catch (const StoreError& e) {
        if (e.conflict()) throw StoreError("user " + user.username + " already exists", true);
        throw;
    }
    return *findLocked(id);
}

template <typename Sql>
std::optional<AdminUser> SqlUserRepository<Sql>::find(std::int64_t id) {
    auto lock = db_.lock();
    return findLocked(id);
}

template <typename Sql>
std::optional<AdminUser> SqlUserRepository<Sql>::findByName(const std::string& username) {
    auto lock = db_.lock();
    auto row = db_.prepare(std::string(kSelect) + " WHERE username = ?");
    row.bind(1, username);
    if (!row.step()) return std::nullopt;
    return readRow(row);
}

template <typename Sql>
std::vector<AdminUser> SqlUserRepository<Sql>::list() {
    auto lock = db_.lock();
    auto rows = db_.prepare(std::string(kSelect) + " ORDER BY id");
    std::vector<AdminUser> users;
    while (rows.step()) users.push_back(readRow(rows));
    return users;
}

template <typename Sql>
bool SqlUserRepository<Sql>::update(const AdminUser& user) {
    auto lock = db_.lock();
    db_.prepare("UPDATE admin_users SET role = ?, password_hash = ?, disabled = ?, updated_at = ? WHERE id = ?")
        .bindAll(user.role, user.passwordHash, user.disabled, nowMillis(), user.id)
        .run();
    return db_.changes() > 0;
}

template <typename Sql>
bool SqlUserRepository<Sql>::remove(std::int64_t id) {
    auto lock = db_.lock();
    db_.prepare("DELETE FROM admin_users WHERE id = ?").bind(1, id).run();
    return db_.changes() > 0;
}

template <typename Sql>
std::int64_t SqlUserRepository<Sql>::count() {
    auto lock = db_.lock();
    auto row = db_.prepare("SELECT COUNT(*) FROM admin_users");
    row.step();
    return row.int64(0);
}

template class SqlUserRepository<SqliteDialect>;
template class SqlUserRepository<PgDialect>;

} // namespace passway
