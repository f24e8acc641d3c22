#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace passway::admin {

// An error a handler means to show the client: the router turns it into
// {"error":{"code","message"[,"field"]}} with `status`. Anything else a
// handler throws becomes a 500 whose details stay in the log.
class ApiError : public std::runtime_error {
public:
    ApiError(int status, std::string code, const std::string& message, std::string field = "")
        : std::runtime_error(message), status_(status), code_(std::move(code)), field_(std::move(field)) {}

    int status() const { return status_; }
    const std::string& code() const { return code_; }
    const std::string& field() const { return field_; }
    // Extra answer headers (Retry-After of a 429).
    const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }
    ApiError& withHeader(std::string name, std::string value) {
        headers_.emplace_back(std::move(name), std::move(value));
        return *this;
    }

    // A field failed validation; the message names it so a person can fix it.
    static ApiError invalid(const std::string& field, const std::string& message) {
        return ApiError(400, "invalid", field + ": " + message, field);
    }
    static ApiError badRequest(const std::string& message) { return ApiError(400, "bad_request", message); }
    static ApiError notFound(const std::string& message) { return ApiError(404, "not_found", message); }
    static ApiError conflict(const std::string& message) { return ApiError(409, "conflict", message); }
    static ApiError tooLarge(const std::string& message) { return ApiError(413, "payload_too_large", message); }
    static ApiError unsupportedMedia(const std::string& message) {
        return ApiError(415, "unsupported_media_type", message);
    }

private:
    int status_;
    std::string code_;
    std::string field_;
    std::vector<std::pair<std::string, std::string>> headers_;
};

} // namespace passway::admin
