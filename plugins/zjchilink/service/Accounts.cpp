#include "service/Accounts.h"

#include "passway/JsonText.h"
#include "service/PasswordHash.h"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Array.h>

namespace passway::zjchilink {

namespace {

const char* kProfileFields[] = {"wechat_service", "ip_joined", "qq_service", "addr_joined", "avatar_url", "signature",
                                "extend_userinfo"};

Poco::JSON::Object::Ptr first(std::vector<Poco::JSON::Object::Ptr> found) {
    return found.empty() ? nullptr : found.front();
}

}  // namespace

Poco::JSON::Object::Ptr Accounts::byUsername(const std::string& username) {
    if (username.empty()) return nullptr;
    return first(docs_.list("accounts", [&](const auto& a) { return textField(a, "username") == username; }));
}

Poco::JSON::Object::Ptr Accounts::byEmail(const std::string& email) {
    if (email.empty() || email == "none") return nullptr;
    return first(docs_.list("accounts", [&](const auto& a) { return textField(a, "email") == email; }));
}

Poco::JSON::Object::Ptr Accounts::byExternalId(const std::string& externalId) {
    if (externalId.empty()) return nullptr;
    return first(docs_.list("accounts", [&](const auto& a) { return textField(a, "wechat_service") == externalId; }));
}

Poco::JSON::Object::Ptr Accounts::byToken(const std::string& token) {
    if (token.size() < 20 || token.size() > 128) return nullptr;
    const std::string hash = sha256Hex(token);
    return first(docs_.list("accounts", [&](const auto& a) {
        const auto tokens = a->getArray("token_sha256");
        if (!tokens) return false;
        for (unsigned i = 0; i < tokens->size(); ++i) {
            if (tokens->get(i).toString() == hash) return true;
        }
        return false;
    }));
}

Poco::JSON::Object::Ptr Accounts::create(Poco::JSON::Object::Ptr fields, const std::string& password) {
    auto account = passway::json::ordered();
    for (const char* key : {"username", "email", "first_name", "last_name", "language"}) {
        account->set(key, textField(fields, key, key == std::string("language") ? "chs" : "none"));
    }
    for (const char* key : kProfileFields) account->set(key, textField(fields, key, ""));
    account->set("is_active", true);
    account->set("user_iot", fields->optValue<bool>("user_iot", false));
    account->set("date_joined", Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%dT%H:%M:%S.%FZ"));
    account->set("last_login", Poco::Dynamic::Var());
    account->set("password", hashPassword(password));
    account->set("token_sha256", Poco::JSON::Array::Ptr(new Poco::JSON::Array));
    account = docs_.create("accounts", account);
    auto home = passway::json::ordered();
    home->set("user_id", account->getValue<Poco::Int64>("id"));
    home->set("title", textField(account, "username"));
    home = docs_.create("homes", home);
    auto space = passway::json::ordered();
    space->set("home_id", home->getValue<Poco::Int64>("id"));
    space->set("user_id", account->getValue<Poco::Int64>("id"));
    space->set("superior_id", Poco::Dynamic::Var());
    space->set("type", "unit");
    space->set("icon", Poco::Dynamic::Var());
    space->set("title", "default");
    space->set("is_default", true);
    docs_.create("spaces", space);
    return account;
}

std::string Accounts::issueToken(Poco::JSON::Object::Ptr account) {
    std::lock_guard lock(tokenMutex_);
    const std::string token = randomHex(20);
    auto fresh = byId(account->getValue<Poco::Int64>("id"));
    Poco::JSON::Array::Ptr tokens(new Poco::JSON::Array);
    tokens->add(sha256Hex(token));
    if (const auto old = fresh->getArray("token_sha256")) {
        for (unsigned i = 0; i < old->size() && tokens->size() < 5; ++i) tokens->add(old->get(i));
    }
    fresh->set("token_sha256", tokens);
    fresh->set("last_login", Poco::DateTimeFormatter::format(Poco::DateTime(), "%Y-%m-%dT%H:%M:%S.%FZ"));
    docs_.put("accounts", fresh);
    *account = *fresh;
    return token;
}

void Accounts::setPassword(Poco::JSON::Object::Ptr account, const std::string& password) {
    account->set("password", hashPassword(password));
    account->set("token_sha256", Poco::JSON::Array::Ptr(new Poco::JSON::Array));  // other sessions end
    docs_.put("accounts", account);
}

Poco::JSON::Object::Ptr Accounts::profile(const Poco::JSON::Object::Ptr& a, const std::string& token) {
    auto p = passway::json::ordered();
    for (const char* key : {"wechat_service", "ip_joined", "qq_service", "addr_joined", "language"}) {
        p->set(key, textField(a, key));
    }
    p->set("id", a->getValue<Poco::Int64>("id"));
    for (const char* key : {"username", "first_name", "last_name"}) p->set(key, textField(a, key));
    p->set("last_login", a->get("last_login"));
    p->set("is_active", a->optValue<bool>("is_active", true));
    p->set("email", textField(a, "email"));
    p->set("date_joined", textField(a, "date_joined"));
    p->set("token", token);
    for (const char* key : {"avatar_url", "signature", "extend_userinfo"}) p->set(key, textField(a, key));
    p->set("user_admin", false);
    p->set("user_manager", false);
    p->set("user_normal", !a->optValue<bool>("user_iot", false));
    p->set("user_guest", false);
    p->set("user_iot", a->optValue<bool>("user_iot", false));
    p->set("user_aacloud", false);
    p->set("user_health", false);
    return p;
}

bool Accounts::validPhone(const std::string& username) {
    std::size_t digits = 0;
    for (std::size_t i = 0; i < username.size(); ++i) {
        const char c = username[i];
        if (c >= '0' && c <= '9') {
            ++digits;
        } else if (!(c == '+' && i == 0)) {
            return false;
        }
    }
    return digits >= 5 && digits <= 20;
}

}  // namespace passway::zjchilink
