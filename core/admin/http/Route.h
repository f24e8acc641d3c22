#pragma once

#include "admin/auth/Role.h"
#include "admin/http/Reply.h"
#include "admin/http/RequestContext.h"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace passway::admin {

using Handler = std::function<Reply(RequestContext&)>;

// How a write appears in the audit log. `target` may name path parameters in
// braces ("person:{userId}"); a handler can refine it through ctx.audit().
struct AuditSpec {
    std::string action;   // e.g. person.update
    std::string target;   // e.g. person:{userId}
};

// One entry of the route table: method + path pattern with {name} parameters
// → handler, the least role that may call it, and for writes the audit spec.
struct Route {
    std::string method;
    std::string pattern;
    Role role = Role::Admin;
    Handler handler;
    std::optional<AuditSpec> audit;     // present for every write (Router::write enforces it)
    std::size_t maxBodyBytes = 0;       // 0: the server's limit
    std::vector<std::string> segments;  // pattern split at '/'
    int literalSegments = 0;            // more literal segments win: /persons/export.csv over /persons/{userId}
};

} // namespace passway::admin
