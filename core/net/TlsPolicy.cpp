#include "net/TlsPolicy.h"

#include <stdexcept>

namespace passway::net {

void TlsPolicy::apply(SSL_CTX* context) {
    if (SSL_CTX_set_min_proto_version(context, TLS1_2_VERSION) != 1)
        throw std::runtime_error("OpenSSL refused TLS 1.2 as the minimum version");
    if (SSL_CTX_set_cipher_list(context, kTls12Ciphers) != 1)
        throw std::runtime_error("OpenSSL knows none of the TLS 1.2 cipher suites of the policy");
    if (SSL_CTX_set_ciphersuites(context, kTls13Suites) != 1)
        throw std::runtime_error("OpenSSL knows none of the TLS 1.3 cipher suites of the policy");
    // The server's order wins (a client cannot steer to its weakest
    // choice); no compression (CRIME); no renegotiation (a client-driven CPU
    // cost with no use for terminals).
    SSL_CTX_set_options(context, SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
}

} // namespace passway::net
