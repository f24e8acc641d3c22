#pragma once

#include <stdexcept>
#include <string>

namespace passway::httpv2 {

// A request the plugin refuses, answered in the document's shape: HTTP
// `httpStatus` with {"Success": success, "Message": what()}. Every response
// table of the document says Success 1 is success and anything else needs a
// Message; terminals show the Message or retry at their next keepalive.
class ProtocolError : public std::runtime_error {
public:
    ProtocolError(int httpStatus, int success, const std::string& message)
        : std::runtime_error(message), httpStatus_(httpStatus), success_(success) {}

    // Broken bodies: malformed JSON, truncated multipart, bad gzip. Sent
    // again unchanged they fail again, so HTTP 400 makes the terminal wait
    // for its next keepalive instead of retrying at once.
    static ProtocolError badRequest(const std::string& message) { return {400, 400, message}; }
    static ProtocolError tooLarge(const std::string& message) { return {413, 413, message}; }
    static ProtocolError unsupportedMedia(const std::string& message) { return {415, 415, message}; }
    static ProtocolError notFound(const std::string& message) { return {404, 404, message}; }

    int httpStatus() const { return httpStatus_; }
    int success() const { return success_; }

private:
    int httpStatus_;
    int success_;
};

} // namespace passway::httpv2
