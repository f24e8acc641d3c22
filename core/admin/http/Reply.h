#pragma once

#include "passway/net/HttpHandler.h"

#include <Poco/Dynamic/Var.h>

#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

namespace passway::admin {

// What a handler answers. Either a body held in memory or, for large exports,
// a writer that streams the body with chunked transfer encoding (it runs on
// the worker thread until done), or, for live views, `live`: it gets the
// open stream and returns at once; whoever it hands the stream to writes
// it later, so a live view holds no thread.
struct Reply {
    int status = 200;
    std::string contentType = "application/json";
    std::string body;
    std::function<void(std::ostream&)> stream;  // when set, `body` is ignored
    std::vector<std::pair<std::string, std::string>> headers;
    std::function<void(std::shared_ptr<net::HttpStream>)> live;  // when set, `body` and `stream` are ignored

    static Reply json(const Poco::Dynamic::Var& value, int status = 200);
    static Reply noContent() { return Reply{204, "", "", {}, {}, {}}; }
    static Reply bytes(std::string body, std::string contentType) {
        return Reply{200, std::move(contentType), std::move(body), {}, {}, {}};
    }
    static Reply streamed(std::string contentType, std::function<void(std::ostream&)> writer) {
        return Reply{200, std::move(contentType), "", std::move(writer), {}, {}};
    }
    static Reply liveStream(std::string contentType, std::function<void(std::shared_ptr<net::HttpStream>)> start) {
        return Reply{200, std::move(contentType), "", {}, {}, std::move(start)};
    }
    Reply& header(std::string name, std::string value) {
        headers.emplace_back(std::move(name), std::move(value));
        return *this;
    }
};

} // namespace passway::admin
