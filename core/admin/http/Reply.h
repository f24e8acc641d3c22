#pragma once

#include <Poco/Dynamic/Var.h>

#include <functional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace passway::admin {

// What a handler answers. Either a body held in memory or, for large exports,
// a writer that streams the body with chunked transfer encoding.
struct Reply {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::function<void(std::ostream&)> stream;  // when set, `body` is ignored
    std::vector<std::pair<std::string, std::string>> headers;

    static Reply json(const Poco::Dynamic::Var& value, int status = 200);
    static Reply noContent() { return Reply{204, "", "", {}, {}}; }
    static Reply bytes(std::string body, std::string contentType) {
        return Reply{200, std::move(contentType), std::move(body), {}, {}};
    }
    static Reply streamed(std::string contentType, std::function<void(std::ostream&)> writer) {
        return Reply{200, std::move(contentType), "", std::move(writer), {}};
    }
    Reply& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

} // namespace passway::admin
