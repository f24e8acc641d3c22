#pragma once

// One HTTP/1.1 keep-alive connection of a terminal, written on a plain socket
// so every byte is the simulator's choice: the header order of the document's
// examples, bodies sent as given, truncated or oversized bodies for negative
// tests. Responses are read with Content-Length, chunked, or read-to-close
// framing and inflated when the server gzips them.

#include "sim/httpv2/HttpMessage.h"

#include <Poco/Net/StreamSocket.h>

#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace passway::sim::httpv2 {

// Connection refused, reset, timed out, or an answer that is not HTTP.
class WireError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class HttpConnection {
public:
    // `tls`: TLS 1.2 or newer, server certificate not verified (terminals are
    // commonly set up with the server's self-signed certificate).
    HttpConnection(std::string host, std::uint16_t port, std::chrono::milliseconds timeout = std::chrono::seconds(10),
                   bool tls = false);
    ~HttpConnection();
    HttpConnection(const HttpConnection&) = delete;
    HttpConnection& operator=(const HttpConnection&) = delete;

    // Who the terminal is on the wire, for identity tests: the local address
    // its connections come from ("" = the system's choice) and, over TLS, the
    // client certificate and key it presents (PEM files; "" = none).
    void setClient(std::string localAddress, std::string certificateFile = {}, std::string privateKeyFile = {});

    // Opens the socket unless open. Throws WireError.
    void connect();
    void close();
    bool isOpen() const { return open_; }

    // Sends one request (connecting first if needed) and reads its answer.
    // When the server stops reading and answers early (a body over its
    // limit), the answer is still returned. Throws WireError.
    HttpResponse exchange(const HttpRequest& request);
    // Sends raw bytes as they are (for malformed requests), then reads one answer.
    HttpResponse exchangeRaw(std::string_view bytes);
    // Sends bytes without reading (e.g. half a body, then close()).
    void sendRaw(std::string_view bytes);

    // The request head the connection writes for `request`.
    std::string head(const HttpRequest& request) const;

    const std::string& host() const { return host_; }
    std::uint16_t port() const { return port_; }
    std::string hostHeader() const { return host_ + ":" + std::to_string(port_); }
    int connects() const { return connects_; }
    int requests() const { return requests_; }

private:
    std::string localAddress_, certificateFile_, privateKeyFile_;
    void sendAll(std::string_view bytes);
    HttpResponse readResponse();
    std::size_t fill();  // reads more into in_; 0 at EOF
    std::string readBody(std::size_t length);
    std::string readChunked();
    std::string readToClose();
    std::string readLine();

    std::string host_;
    std::uint16_t port_;
    std::chrono::milliseconds timeout_;
    bool tls_;
    Poco::Net::StreamSocket socket_;
    bool open_ = false;
    std::string in_;  // received, not yet consumed
    std::size_t received_ = 0;
    int connects_ = 0;
    int requests_ = 0;
    int socketRequests_ = 0;  // on the current socket
};

}  // namespace passway::sim::httpv2
