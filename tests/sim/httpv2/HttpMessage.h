#pragma once

// What the simulator sends and receives, as bytes a terminal would put on the
// wire: an ordered header list (the order of the document's examples), a body
// that is already gzipped or multipart-encoded.

#include <Poco/JSON/Object.h>

#include <string>
#include <utility>
#include <vector>

namespace passway::sim::httpv2 {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
    std::string method = "POST";
    std::string path;
    HeaderList headers;  // besides Host and Content-Length, which the connection writes
    std::string body;
};

struct HttpResponse {
    int status = 0;
    std::string reason;
    HeaderList headers;
    std::string body;  // inflated when the server sent Content-Encoding: gzip/deflate
    std::size_t wireBodyBytes = 0;
    bool serverClosed = false;  // "Connection: close", HTTP/1.0 without keep-alive, or EOF

    // Case-insensitive; empty when absent.
    std::string header(const std::string& name) const;
    // The body as a JSON object; throws Poco::Exception when it is not one.
    Poco::JSON::Object::Ptr json() const;
    // The document's "Success" field, or `otherwise` when the body has none
    // (not JSON, or no Success field).
    int success(int otherwise = -1) const;
    std::string message() const;
};

}  // namespace passway::sim::httpv2
