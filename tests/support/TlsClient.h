#pragma once

// A small blocking TLS client over OpenSSL for tests that must choose what
// the client offers (protocol versions, cipher suites) and check what the
// server accepts, which higher-level clients hide.

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace passway::test {

struct TlsClientOptions {
    int minVersion = TLS1_2_VERSION;
    int maxVersion = TLS1_3_VERSION;
    std::string ciphers;        // TLS 1.2 and older; empty: OpenSSL's default
    std::string caFile;         // verify the server against this; empty: no verification
    std::string expectedIp;     // with caFile: the certificate must name this address
};

struct TlsResult {
    bool handshake = false;
    std::string error;          // why the handshake failed
    std::string protocol;       // "TLSv1.3"
    std::string cipher;
    std::string response;       // the server's whole answer to `request`
};

// Connects to 127.0.0.1:port, shakes hands, sends `request` (when not
// empty; send one with Connection: close) and reads until the server closes.
inline TlsResult tlsExchange(std::uint16_t port, const TlsClientOptions& o, const std::string& request = "") {
    TlsResult result;
    std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), &SSL_CTX_free);
    // Security level 0 so the client can offer what the server must refuse
    // (TLS 1.1, CBC suites); the refusal then comes from the server.
    SSL_CTX_set_security_level(ctx.get(), 0);
    SSL_CTX_set_min_proto_version(ctx.get(), o.minVersion);
    SSL_CTX_set_max_proto_version(ctx.get(), o.maxVersion);
    if (!o.ciphers.empty()) SSL_CTX_set_cipher_list(ctx.get(), o.ciphers.c_str());
    if (!o.caFile.empty()) {
        if (SSL_CTX_load_verify_locations(ctx.get(), o.caFile.c_str(), nullptr) != 1) {
            result.error = "cannot load " + o.caFile;
            return result;
        }
        SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
        if (!o.expectedIp.empty()) X509_VERIFY_PARAM_set1_ip_asc(SSL_CTX_get0_param(ctx.get()), o.expectedIp.c_str());
    }

    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    timeval timeout{20, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        result.error = "cannot connect";
        return result;
    }
    std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), &SSL_free);
    SSL_set_fd(ssl.get(), fd);
    ERR_clear_error();
    if (SSL_connect(ssl.get()) != 1) {
        char text[256] = "handshake failed";
        if (const unsigned long e = ERR_get_error()) ERR_error_string_n(e, text, sizeof text);
        result.error = text;
        ::close(fd);
        return result;
    }
    result.handshake = true;
    result.protocol = SSL_get_version(ssl.get());
    result.cipher = SSL_get_cipher_name(ssl.get());
    if (!request.empty()) {
        SSL_write(ssl.get(), request.data(), static_cast<int>(request.size()));
        char buffer[16384];
        for (int n; (n = SSL_read(ssl.get(), buffer, sizeof buffer)) > 0;) result.response.append(buffer, n);
    }
    SSL_shutdown(ssl.get());
    ::close(fd);
    return result;
}

} // namespace passway::test
