#pragma once

#include "model/OutboxItem.h"

#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway {

// The site's HTTP SMS gateway as the sms.* keys describe it (the same keys
// scripts' passway.sms.send reads). {to} and {text} in `url` are replaced
// URL-encoded, in `body` JSON-escaped when the content type is JSON, else
// URL-encoded.
struct SmsGatewaySpec {
    std::string url;  // empty: no gateway
    std::string method = "POST";
    std::string body = R"({"to":"{to}","text":"{text}"})";
    std::string contentType = "application/json";
    std::string headers = "{}";

    static SmsGatewaySpec read(const Poco::Util::AbstractConfiguration& config);
};

// Whether `to` reads as a phone number (digits, '+', ' ', '-'; 1..32 bytes).
bool validSmsNumber(const std::string& to);

// The outbox delivery that sends `text` to `to` through `gateway`
// (origin and idempotency key are left to the caller).
OutboxItem smsRequest(const SmsGatewaySpec& gateway, const std::string& to, const std::string& text);

} // namespace passway
