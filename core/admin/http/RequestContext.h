#pragma once

#include "model/AdminUser.h"

#include "passway/net/HttpRequest.h"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace passway::admin {

// What the router fills in for the audit entry of a write. The route declares
// the action and a target pattern; a handler refines them when it knows more
// (the id of a person it just created) or replaces the detail (an import
// records counts, not the uploaded file).
struct AuditNote {
    std::string target;                 // e.g. person:42
    std::optional<Poco::Dynamic::Var> detail;  // default: the JSON body; secrets are scrubbed either way
    std::string actor;                  // default: the authenticated user
};

struct Paging {
    int offset = 0;
    int limit = 50;
};

// One request as a handler sees it: path parameters, query, the body (read
// and size-checked by the router), and the authenticated user. Handlers never
// look at the Authorization header; the router has dealt with it.
class RequestContext {
public:
    static constexpr int kMaxLimit = 1000;

    RequestContext(net::HttpRequest& request, std::map<std::string, std::string> params, std::string body,
                   std::optional<AdminUser> user);

    net::HttpRequest& request() { return request_; }
    const std::string& method() const { return request_.method; }
    const std::string& body() const { return body_; }
    // The media type without parameters, lower case ("multipart/form-data").
    std::string mediaType() const;

    const std::string& param(const std::string& name) const;
    // A numeric path parameter; a value that is not a number in range is a
    // 404 (no such resource), not a 400.
    std::int64_t idParam(const std::string& name, std::int64_t max = INT64_MAX) const;

    std::optional<std::string> query(const std::string& name) const;
    // 400 naming the parameter when it is present but not an integer in range.
    std::optional<std::int64_t> queryInt(const std::string& name, std::int64_t min, std::int64_t max) const;
    // offset (>= 0, default 0) and limit (1.., default 50, capped at 1000).
    Paging paging() const;

    Poco::JSON::Object::Ptr jsonBody() const;

    // Null on public routes (login, health).
    const AdminUser* user() const { return user_ ? &*user_ : nullptr; }
    AuditNote& audit() { return audit_; }
    const AuditNote& audit() const { return audit_; }

private:
    net::HttpRequest& request_;
    std::map<std::string, std::string> params_;
    std::multimap<std::string, std::string> query_;
    std::string body_;
    std::optional<AdminUser> user_;
    AuditNote audit_;
};

} // namespace passway::admin
