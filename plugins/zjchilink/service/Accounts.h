#pragma once

#include "store/Documents.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace passway::zjchilink {

// App users of this API (collection "accounts"), kept apart from Passway's
// admin users. A login issues a token (40 hex digits, like the document's);
// only its SHA-256 is stored, the five newest per account stay valid.
class Accounts {
public:
    explicit Accounts(Documents& docs) : docs_(docs) {}

    Poco::JSON::Object::Ptr byUsername(const std::string& username);
    Poco::JSON::Object::Ptr byEmail(const std::string& email);
    Poco::JSON::Object::Ptr byExternalId(const std::string& externalId);
    Poco::JSON::Object::Ptr byId(std::int64_t id) { return docs_.get("accounts", id); }
    Poco::JSON::Object::Ptr byToken(const std::string& token);

    // Creates the account (password hashed) with a default home and its default space.
    Poco::JSON::Object::Ptr create(Poco::JSON::Object::Ptr fields, const std::string& password);
    // A new token for the account (stored as its hash), the login time noted.
    std::string issueToken(Poco::JSON::Object::Ptr account);
    void setPassword(Poco::JSON::Object::Ptr account, const std::string& password);
    void save(const Poco::JSON::Object::Ptr& account) { docs_.put("accounts", account); }

    // The account as the document shows it (no hash; `token` when given).
    static Poco::JSON::Object::Ptr profile(const Poco::JSON::Object::Ptr& account, const std::string& token = {});
    static bool validPhone(const std::string& username);

private:
    Documents& docs_;
    std::mutex tokenMutex_;
};

}  // namespace passway::zjchilink
