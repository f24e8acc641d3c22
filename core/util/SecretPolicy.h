#pragma once

#include <Poco/Dynamic/Var.h>

#include <string>

namespace passway {

// The one secret-name policy of the host: which names hold secrets, for
// the audit log, the admin API's device state and settings, the event
// stream, the outbox's headers and what terminals report. A secret's name
// stays visible with kSecretMask as its value, so people still see that a
// password was set, just not what it was.
inline constexpr const char* kSecretMask = "***";

// A JSON key, header or setting segment that names a secret: it contains
// password, passwd, pwd, secret, token, passphrase, authorization, cookie
// or signature, or ends in "key" (apiKey, sign_key, private_key); case, '_'
// and '-' are ignored. A lifetime ("..._ttl") is not a secret, even a token's.
bool isSecretName(const std::string& name);

// A dotted configuration key any of whose segments is a secret name or
// names credentials (plugin.x.credentials).
bool isSecretConfigKey(const std::string& key);

// The value with secrets replaced by kSecretMask, at any depth: values of
// secret names, and the "value" of an object whose "kind" is "password"
// (a person's credential).
Poco::Dynamic::Var scrubSecrets(const Poco::Dynamic::Var& value);

// A URL with its credentials masked: the password of its userinfo (or the
// whole userinfo when it is a single token, https://TOKEN@host/), and the
// value of every query parameter whose name is a secret name
// (?access_token=..., ?apiKey=...). Anything else is left as it was.
std::string maskUrlSecrets(const std::string& url);

} // namespace passway
