#pragma once

#include <chrono>
#include <cstddef>
#include <map>
#include <string>

namespace passway {

// One synchronous outbound HTTP or HTTPS request: what scripts call through
// passway.http.request and what the outbox dispatcher delivers with. HTTPS
// verifies the server against the system's CA certificates.
struct HttpCallRequest {
    std::string method = "GET";
    std::string url;                              // http://… or https://…
    std::map<std::string, std::string> headers;
    std::string body;
    std::chrono::milliseconds timeout{5000};      // connect, send and receive, each
    std::size_t maxResponseBytes = 4 * 1024 * 1024;
};

struct HttpCallResult {
    int status = 0;                               // 0: no answer (see error)
    std::map<std::string, std::string> headers;
    std::string body;
    std::string error;                            // empty when an answer came, whatever its status
    bool ok() const { return error.empty() && status >= 200 && status < 300; }
};

// Never throws: a bad URL, a refused connection, a timeout or a body over the
// limit come back in `error`.
HttpCallResult performHttpCall(const HttpCallRequest& request);

// "" when the URL is an absolute http or https URL with a host, else why not.
std::string checkHttpUrl(const std::string& url);

} // namespace passway
