// Section 1: SMS codes, registration, login, profile, password resets,
// third-party login by external id, and 2.4 gateway registration.

#include "handlers/Handlers.h"

#include "passway/Clock.h"
#include "passway/HostError.h"
#include "passway/JsonText.h"
#include "service/PasswordHash.h"
#include "wire/StatusCodes.h"

#include <Poco/Logger.h>

namespace passway::zjchilink {

namespace {

std::string field(const Call& call, const std::string& key) { return textField(call.body, key); }

Poco::JSON::Object::Ptr usernameMsg(const std::string& username) {
    auto msg = passway::json::ordered();
    msg->set("username", username);
    return msg;
}

// Sends a code for `purpose`; `mustExist` says whether the number must
// (reset) or must not (register) belong to an account.
Reply sendCode(Services& s, Call& call, const std::string& purpose, bool mustExist) {
    const std::string username = field(call, "username");
    if (username.empty()) throw ApiError(code::kParams, "username is required");
    if (!Accounts::validPhone(username)) throw ApiError(code::kPhoneError, "not a phone number: " + username);
    const bool exists = s.accounts.byUsername(username) != nullptr;
    if (!mustExist && exists) throw ApiError(code::kUserExists, "the user has already existed");
    // The reset section answers an unknown number with its only "user" code.
    if (mustExist && !exists) throw ApiError(code::kPhoneError, "no user with this number");
    if (!s.context.sms().available()) {
        s.context.logger().error("SMS code for " + username + " not sent: no SMS gateway configured (sms.url)");
        throw ApiError(code::kServerError, "no SMS gateway is configured");
    }
    const std::string codeText = s.codes.issue(purpose, username, nowMillis());
    if (codeText.empty()) {
        throw ApiError(code::kParams, "a code was sent to this number less than " +
                                          std::to_string(s.config.smsIntervalSeconds) + " s ago");
    }
    std::string text = s.config.smsText;
    text.replace(text.find("{code}"), 6, codeText);
    try {
        s.context.sms().send(username, text);
    } catch (const HostError& e) {
        s.codes.withdraw(purpose, username);
        s.context.logger().error("SMS code for " + username + " not queued: " + e.what());
        throw ApiError(code::kServerError, "the code cannot be sent now");
    }
    s.context.logger().information("SMS code (" + purpose + ") queued for " + username);
    return Reply(code::kSmsSent, usernameMsg(username));
}

// 8..32 characters, as 1.2 says.
bool passwordLength(const std::string& p) { return p.size() >= 8 && p.size() <= 32; }

}  // namespace

Reply registerSmsCode(Services& s, Call& call) { return sendCode(s, call, "register", false); }
Reply resetSmsCode(Services& s, Call& call) { return sendCode(s, call, "reset", true); }

Reply registerBySms(Services& s, Call& call) {
    const std::string username = field(call, "username"), password = field(call, "password"),
                      password2 = field(call, "password_2"), smsCode = field(call, "sms_code"),
                      email = field(call, "email");
    if (username.empty() || password.empty() || smsCode.empty()) {
        throw ApiError(code::kParams, "username, password and sms_code are required");
    }
    if (!passwordLength(password)) throw ApiError(code::kPasswordLength, "password must be 8..32 characters");
    if (password != password2) throw ApiError(code::kPasswordsDiffer, "password and password_2 differ");
    if (s.accounts.byUsername(username)) throw ApiError(code::kUsernameExists, "username already exists");
    if (s.accounts.byEmail(email)) throw ApiError(code::kEmailExists, "email already exists");
    if (s.accounts.byExternalId(field(call, "wechat_service"))) {
        throw ApiError(code::kParams, "this external id is bound to another user");
    }
    if (!s.codes.consume("register", username, smsCode, nowMillis())) {
        throw ApiError(code::kSmsCodeInvalid, "the SMS code is wrong or expired");
    }
    auto fields = call.body;
    const auto account = s.accounts.create(fields, password);
    s.context.logger().information("app user " + username + " registered (account " +
                                   std::to_string(intField(account, "id")) + ")");
    auto msg = passway::json::ordered();
    for (const char* key : {"username", "email", "first_name", "last_name"}) msg->set(key, textField(account, key));
    return Reply(code::kRegistered, msg);
}

Reply login(Services& s, Call& call) {
    const std::string username = field(call, "username"), password = field(call, "password");
    if (username.empty()) throw ApiError(code::kNoUsername, "username is required");
    if (password.empty()) throw ApiError(code::kParams, "password is required");
    auto account = s.accounts.byUsername(username);
    if (!account) account = s.accounts.byEmail(username);
    if (!account) {
        verifyPassword(password, "pbkdf2-sha256$310000$c2FsdHNhbHRzYWx0c2FsdA==$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g=");
        throw ApiError(code::kNotValidUsername, "no such user");
    }
    if (!verifyPassword(password, textField(account, "password"))) {
        s.context.logger().warning("app login for " + username + " from " + call.peer + " refused: wrong password");
        throw ApiError(code::kBadCredentials, "wrong password");
    }
    if (!account->optValue<bool>("is_active", true)) throw ApiError(code::kUserNotActive, "user not active");
    if (hasField(call.body, "language")) account->set("language", field(call, "language"));
    const std::string token = s.accounts.issueToken(account);
    return Reply(code::kLoggedIn, Accounts::profile(account, token));
}

Reply getProfile(Services& s, Call& call) {
    if (!call.user->optValue<bool>("is_active", true)) throw ApiError(400016, "user not active");
    return Reply(code::kProfile, Accounts::profile(call.user, call.token));
}

Reply updateProfile(Services& s, Call& call) {
    auto account = call.user;
    if (!account->optValue<bool>("is_active", true)) throw ApiError(400029, "user not active");
    const auto profile = call.body->getObject("profile");
    const auto user = call.body->getObject("user");
    if (!profile && !user) throw ApiError(code::kParams, "profile or user is required");
    if (profile) {
        for (const char* key : {"wechat_service", "ip_joined", "qq_service", "addr_joined", "avatar_url", "signature",
                                "extend_userinfo"}) {
            if (profile->has(key)) account->set(key, textField(profile, key).substr(0, 512));
        }
    }
    if (user) {
        for (const char* key : {"first_name", "last_name", "email"}) {
            if (user->has(key)) account->set(key, textField(user, key).substr(0, 150));
        }
        if (auto other = s.accounts.byEmail(textField(user, "email"));
            other && intField(other, "id") != intField(account, "id")) {
            throw ApiError(code::kParams, "email already used by another user");
        }
    }
    s.accounts.save(account);
    return Reply(code::kProfileUpdated, Accounts::profile(account, call.token));
}

Reply resetByOldPassword(Services& s, Call& call) {
    const std::string username = field(call, "username"), old = field(call, "old_password"),
                      fresh = field(call, "new_password"), fresh2 = field(call, "new_password_2");
    if (username.empty() || old.empty() || fresh.empty()) {
        throw ApiError(code::kParams, "username, old_password and new_password are required");
    }
    auto account = s.accounts.byUsername(username);
    if (!account) throw ApiError(code::kResetNoUser, "no such user");
    if (!verifyPassword(old, textField(account, "password"))) throw ApiError(code::kOldPasswordError, "old password error");
    if (fresh != fresh2) throw ApiError(code::kResetMismatch, "new passwords differ");
    if (!passwordLength(fresh)) throw ApiError(code::kResetInvalid, "password must be 8..32 characters");
    s.accounts.setPassword(account, fresh);
    s.context.logger().information("app user " + username + " changed the password");
    auto msg = usernameMsg(username);
    msg->set("password", "***");
    return Reply(code::kPasswordReset, msg);
}

Reply resetBySms(Services& s, Call& call) {
    const std::string username = field(call, "username"), smsCode = field(call, "sms_code"),
                      fresh = field(call, "new_password"), fresh2 = field(call, "new_password_2");
    if (username.empty() || smsCode.empty() || fresh.empty()) {
        throw ApiError(code::kParams, "username, sms_code and new_password are required");
    }
    auto account = s.accounts.byUsername(username);
    if (!account) throw ApiError(code::kResetSmsNoUser, "no such user");
    if (fresh != fresh2) throw ApiError(code::kResetSmsMismatch, "new passwords differ");
    if (!passwordLength(fresh)) throw ApiError(code::kResetSmsInvalid, "password must be 8..32 characters");
    if (!s.codes.consume("reset", username, smsCode, nowMillis())) {
        throw ApiError(code::kResetSmsError, "the SMS code is wrong or expired");
    }
    s.accounts.setPassword(account, fresh);
    s.context.logger().information("app user " + username + " reset the password by SMS");
    auto msg = usernameMsg(username);
    msg->set("password", "***");
    return Reply(code::kPasswordResetSms, msg);
}

Reply externalUsername(Services& s, Call& call) {
    std::string external = call.rest;
    if (!external.empty() && external.back() == '/') external.pop_back();
    if (external.empty() || external.size() > 128 || external.find('/') != std::string::npos) {
        throw ApiError(code::kParams, "the external user id is missing");
    }
    const auto account = s.accounts.byExternalId(external);
    // 1.12: "not bound yet" is how the app learns to register with wechat_service.
    if (!account) throw ApiError(code::kAvatarNotSet, "no account is bound to this external id; register (1.12)");
    if (!account->optValue<bool>("is_active", true)) throw ApiError(400039, "user not active");
    auto msg = passway::json::ordered();
    msg->set("wechat_service", external);
    msg->set("language", textField(account, "language", "chs"));
    msg->set("id", intField(account, "id"));
    msg->set("username", textField(account, "username"));
    return Reply(code::kExternalUser, msg);
}

Reply registerGateway(Services& s, Call& call) {
    const auto data = call.data();
    const std::string username = textField(data, "username"), password = textField(data, "password");
    if (username.empty() || username.size() > 64 || password.size() < 8 || password.size() > 64) {
        throw ApiError(code::kParams, "data.username and data.password (8..64 characters) are required");
    }
    auto account = s.accounts.byUsername(username);
    if (account) {
        if (!account->optValue<bool>("user_iot", false) || !verifyPassword(password, textField(account, "password"))) {
            throw ApiError(code::kUsernameExists, "this gateway name is taken");
        }
    } else {
        auto fields = passway::json::ordered();
        fields->set("username", username);
        fields->set("user_iot", true);
        account = s.accounts.create(fields, password);
        s.context.logger().information("gateway account " + username + " registered");
    }
    auto data2 = passway::json::ordered();
    data2->set("id", intField(account, "id"));
    data2->set("token", s.accounts.issueToken(account));
    auto msg = passway::json::ordered();
    auto page = passway::json::ordered();
    page->set("total_page", 1);
    page->set("current_page", 1);
    page->set("page_pieces", 1);
    page->set("total_pieces", 1);
    msg->set("page", page);
    msg->set("data", data2);
    return Reply(code::kDevice, msg);
}

}  // namespace passway::zjchilink
