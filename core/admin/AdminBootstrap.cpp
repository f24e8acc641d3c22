#include "admin/AdminBootstrap.h"

#include "admin/auth/PasswordHasher.h"
#include "admin/auth/SecureRandom.h"
#include "admin/json/Json.h"
#include "store/Store.h"

#include <Poco/Logger.h>

namespace passway {

std::string AdminBootstrap::randomPassword() {
    static const std::string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";  // no l, o, 0, 1
    const std::string raw = admin::SecureRandom::text(20, alphabet);
    return raw.substr(0, 5) + "-" + raw.substr(5, 5) + "-" + raw.substr(10, 5) + "-" + raw.substr(15, 5);
}

std::optional<std::string> AdminBootstrap::ensureFirstAdmin(Store& store, const std::string& configuredPassword) {
    for (const auto& user : store.users().list()) {
        if (user.role == "admin") return std::nullopt;
    }
    const bool generate = configuredPassword.empty();
    const std::string password = generate ? randomPassword() : configuredPassword;

    AdminUser user;
    user.username = "admin";
    user.role = "admin";
    user.passwordHash = admin::PasswordHasher().hash(password);
    if (store.users().findByName(user.username)) {
        // Only reachable by editing the database: the API never lets the last admin go.
        throw std::runtime_error("no admin user exists, and the name 'admin' is taken by a user of another role; "
                                 "give that user the admin role in the database or rename it");
    }
    const AdminUser created = store.users().create(user);

    AuditEntry entry;
    entry.actor = "system";
    entry.action = "user.create";
    entry.target = "user:" + std::to_string(created.id);
    auto detail = admin::json::object();
    detail->set("username", created.username);
    detail->set("role", created.role);
    detail->set("bootstrap", true);
    detail->set("passwordSource", generate ? "generated" : "configured");
    entry.detail = admin::json::stringify(detail);
    store.audit().append(entry);

    Poco::Logger::get("admin").information(std::string("created the first admin user 'admin' with a ") +
                                           (generate ? "generated" : "configured") + " password");
    return generate ? std::optional<std::string>(password) : std::nullopt;
}

} // namespace passway
