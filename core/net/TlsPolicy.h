#pragma once

#include <openssl/ssl.h>

namespace passway::net {

// The protocol versions and cipher suites every TLS listener of the host
// accepts (admin port, plugins' HTTPS): TLS 1.2 and 1.3 only, and only
// forward-secret AEAD suites (ECDHE key exchange with AES-GCM or
// ChaCha20-Poly1305; all TLS 1.3 suites qualify). One place, so no listener
// can be configured weaker than another. README, "Network front", lists them.
struct TlsPolicy {
    // The TLS 1.2 suites, in the server's order of preference.
    static constexpr const char* kTls12Ciphers =
        "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
        "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
        "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";
    static constexpr const char* kTls13Suites =
        "TLS_AES_128_GCM_SHA256:TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256";

    // Applies the policy to a server context; throws std::runtime_error when
    // OpenSSL refuses it (a library without any of the suites).
    static void apply(SSL_CTX* context);
};

} // namespace passway::net
