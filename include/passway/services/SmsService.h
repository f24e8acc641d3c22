#pragma once

#include <cstdint>
#include <string>

namespace passway {

// Text messages through the site's SMS gateway (the sms.* keys scripts'
// passway.sms.send uses): each message is written to the outbox before
// send() returns and delivered in the background with the outbox's retries.
// The plugin owns its own rules (rate limits, what it sends); the host owns
// the gateway and its credentials, which a plugin never sees.
class SmsService {
public:
    virtual ~SmsService() = default;

    // Whether an SMS gateway is configured (sms.url); send() throws without one.
    virtual bool available() = 0;
    // Queues `text` (1..1000 bytes) for `to` (digits, '+', ' ', '-'; at most
    // 32). `key` is the delivery's Idempotency-Key (empty: a fresh one).
    // Returns the outbox id. Throws HostError: Invalid (bad number or text,
    // no gateway), Unavailable (the store cannot take it now).
    virtual std::int64_t send(const std::string& to, const std::string& text, const std::string& key = {}) = 0;
};

} // namespace passway
