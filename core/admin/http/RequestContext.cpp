#include "admin/http/RequestContext.h"

#include "admin/http/ApiError.h"
#include "admin/json/Json.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace passway::admin {

RequestContext::RequestContext(net::HttpRequest& request, std::map<std::string, std::string> params,
                               std::string body, std::optional<AdminUser> user)
    : request_(request), params_(std::move(params)), body_(std::move(body)), user_(std::move(user)) {
    try {
        for (auto& [name, value] : Poco::URI(request.target).getQueryParameters()) {
            query_.emplace(name, value);
        }
    } catch (const Poco::Exception&) {
        throw ApiError::badRequest("the query string is malformed");
    }
}

std::string RequestContext::mediaType() const {
    std::string type = request_.contentType();
    const auto semicolon = type.find(';');
    if (semicolon != std::string::npos) type.resize(semicolon);
    return Poco::toLower(Poco::trim(type));
}

const std::string& RequestContext::param(const std::string& name) const {
    static const std::string empty;
    const auto it = params_.find(name);
    return it == params_.end() ? empty : it->second;
}

std::int64_t RequestContext::idParam(const std::string& name, std::int64_t max) const {
    const std::string& text = param(name);
    std::int64_t id = 0;
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos ||
        !Poco::NumberParser::tryParse64(text, id) || id < 1 || id > max) {
        throw ApiError::notFound("no such " + name + ": " + text.substr(0, 40));
    }
    return id;
}

std::optional<std::string> RequestContext::query(const std::string& name) const {
    const auto it = query_.find(name);
    if (it == query_.end()) return std::nullopt;
    return it->second;
}

std::optional<std::int64_t> RequestContext::queryInt(const std::string& name, std::int64_t min,
                                                     std::int64_t max) const {
    const auto text = query(name);
    if (!text || text->empty()) return std::nullopt;
    std::int64_t value = 0;
    if (!Poco::NumberParser::tryParse64(*text, value) || value < min || value > max) {
        throw ApiError::invalid(name, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
    }
    return value;
}

Paging RequestContext::paging() const {
    Paging paging;
    paging.offset = static_cast<int>(queryInt("offset", 0, INT32_MAX).value_or(0));
    // A larger limit is capped rather than refused, so a client asking for
    // "everything" gets the biggest page and sees `total`.
    paging.limit = static_cast<int>(std::min<std::int64_t>(queryInt("limit", 1, INT32_MAX).value_or(50), kMaxLimit));
    return paging;
}

Poco::JSON::Object::Ptr RequestContext::jsonBody() const { return json::parseObject(body_); }

} // namespace passway::admin
