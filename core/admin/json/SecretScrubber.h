#pragma once

#include <Poco/Dynamic/Var.h>

#include <string>

namespace passway::admin {

// Masks secrets in JSON before it is written to the audit log: values of keys
// that name a secret (password, passwd, pwd, secret, token, apikey, private
// key), at any depth, and the value of any credential-like object whose
// "kind" is "password". The key stays, with "***", so the log still shows
// that a password was set — just not what it was.
class SecretScrubber {
public:
    static Poco::Dynamic::Var scrub(const Poco::Dynamic::Var& value);
    static bool isSecretKey(const std::string& key);
};

} // namespace passway::admin
