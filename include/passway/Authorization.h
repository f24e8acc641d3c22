#pragma once

// Online authorization asked of the host by a protocol plugin: a terminal
// sent a record and waits (within its own deadline) for open or refuse.
// The host asks the scripts' passway.on_authorize handlers; a plugin applies
// its built-in rules when no answer comes (no handler, a handler that failed,
// returned nothing, or was late).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace passway {

struct AuthorizationRequest {
    std::int64_t deviceId = 0;
    std::string serial;
    std::string protocol;                    // plugin id
    std::optional<std::uint32_t> userId;     // the person the plugin matched, if any
    std::string credentialKind;              // what identified them: card, qrcode, face, ... ("" unknown)
    std::string verifyType;
    std::string direction;                   // in | out | ""
    std::int64_t at = 0;                     // unix milliseconds (terminal time)
    int tzMinutes = 0;                       // the terminal's offset from UTC
    // What the plugin's built-in rules would answer, so a script may refine
    // them instead of starting over.
    bool builtinAllow = false;
    std::string builtinMessage;
    std::string builtinReason;
    std::string detailJson = "{}";           // the protocol's record as received (JSON object text)
};

struct AuthorizationDecision {
    bool allow = false;
    std::string message;                     // shown by the terminal
    std::string reason;                      // snake_case, for logs and events
    std::string decidedBy;                   // "script:<name>"
};

class AuthorizationHook {
public:
    virtual ~AuthorizationHook() = default;
    // An answer within `deadline`, or nullopt (then the plugin's rules apply).
    virtual std::optional<AuthorizationDecision> authorize(const AuthorizationRequest& request,
                                                           std::chrono::milliseconds deadline) = 0;
};

} // namespace passway
