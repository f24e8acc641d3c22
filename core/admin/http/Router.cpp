#include "admin/http/Router.h"

#include "admin/auth/TokenService.h"
#include "admin/http/ApiError.h"
#include "admin/http/StaticFiles.h"
#include "admin/json/Json.h"
#include "util/SecretPolicy.h"
#include "store/Store.h"
#include "util/Metrics.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <chrono>

namespace passway::admin {

namespace {

Poco::Logger& log() { return Poco::Logger::get("admin"); }

bool isWriteMethod(const std::string& method) {
    return method == "POST" || method == "PUT" || method == "PATCH" || method == "DELETE";
}

// The path without query, split at '/', each segment percent-decoded after
// splitting so an encoded slash stays inside its segment. Empty segments
// (a trailing slash, "//") are dropped.
std::vector<std::string> splitPath(const std::string& uri) {
    std::string path = uri.substr(0, uri.find_first_of("?#"));
    std::vector<std::string> segments;
    std::size_t start = 0;
    while (start <= path.size()) {
        std::size_t end = path.find('/', start);
        if (end == std::string::npos) end = path.size();
        if (end > start) {
            std::string decoded;
            Poco::URI::decode(path.substr(start, end - start), decoded);
            segments.push_back(std::move(decoded));
        }
        start = end + 1;
    }
    return segments;
}

Reply errorReply(int status, const std::string& code, const std::string& message, const std::string& field = "") {
    auto error = json::object();
    error->set("code", code);
    error->set("message", message);
    if (!field.empty()) error->set("field", field);
    auto body = json::object();
    body->set("error", error);
    return Reply::json(body, status);
}

std::string expandTarget(const std::string& pattern, const std::map<std::string, std::string>& params) {
    std::string target = pattern;
    for (const auto& [name, value] : params) Poco::replaceInPlace(target, "{" + name + "}", value);
    return target;
}

bool requestHasBody(const Poco::Net::HTTPServerRequest& request) {
    return request.getChunkedTransferEncoding() ||
           (request.hasContentLength() && request.getContentLength64() > 0);
}

// A request refused before its body was read (401, 404, 413...) still has the
// body on the wire. Closing now would make the kernel answer the unread bytes
// with a reset, which can destroy the error response before the client reads
// it; so a body of modest size is read and dropped, and the connection lives
// on. Returns false when the body is too large to bother: then it closes.
bool drainBody(Poco::Net::HTTPServerRequest& request) {
    constexpr std::int64_t kMaxDrainBytes = 1024 * 1024;
    if (request.hasContentLength() && request.getContentLength64() > kMaxDrainBytes) return false;
    try {
        std::istream& in = request.stream();
        char buffer[16384];
        std::int64_t drained = 0;
        while (in && drained <= kMaxDrainBytes) {
            in.read(buffer, sizeof buffer);
            drained += in.gcount();
        }
        return in.eof() && drained <= kMaxDrainBytes;
    } catch (const Poco::Exception&) {
        return false;
    }
}

} // namespace

Router::Router(TokenService& tokens, Store& store, Metrics& metrics, std::size_t maxBodyBytes)
    : tokens_(tokens), store_(store), metrics_(metrics), maxBodyBytes_(maxBodyBytes) {}

Router::~Router() = default;

void Router::get(const std::string& pattern, Role role, Handler handler) {
    add(Route{"GET", pattern, role, std::move(handler), std::nullopt, 0, {}, 0});
}

void Router::write(const std::string& method, const std::string& pattern, Role role, AuditSpec audit,
                   Handler handler, std::size_t maxBodyBytes) {
    if (!isWriteMethod(method)) throw std::invalid_argument("not a write method: " + method);
    if (audit.action.empty()) throw std::invalid_argument("a write route needs an audit action: " + pattern);
    add(Route{method, pattern, role, std::move(handler), std::move(audit), maxBodyBytes, {}, 0});
}

void Router::add(Route route) {
    route.segments = splitPath(route.pattern);
    for (const auto& segment : route.segments) {
        if (segment.empty() || segment.front() != '{') ++route.literalSegments;
    }
    routes_.push_back(std::move(route));
}

void Router::setStaticFiles(std::unique_ptr<StaticFiles> files) { staticFiles_ = std::move(files); }

Router::Match Router::match(const std::string& method, const std::vector<std::string>& segments) const {
    Match best;
    for (const auto& route : routes_) {
        if (route.segments.size() != segments.size()) continue;
        std::map<std::string, std::string> params;
        bool matches = true;
        for (std::size_t i = 0; i < segments.size() && matches; ++i) {
            const std::string& part = route.segments[i];
            if (part.size() > 2 && part.front() == '{' && part.back() == '}') {
                params[part.substr(1, part.size() - 2)] = segments[i];
            } else {
                matches = part == segments[i];
            }
        }
        if (!matches) continue;
        best.allowed.push_back(route.method);
        if (route.method != method) continue;
        if (!best.route || route.literalSegments > best.route->literalSegments) {
            best.route = &route;
            best.params = std::move(params);
        }
    }
    return best;
}

void Router::handle(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) {
    const auto started = std::chrono::steady_clock::now();
    bool bodyRead = false;
    std::string routeName = request.getMethod() + " (unmatched)";
    int status = 500;
    try {
        status = dispatch(request, response, bodyRead, routeName);
    } catch (const ApiError& e) {
        status = e.status();
        Reply reply = errorReply(e.status(), e.code(), e.what(), e.field());
        // An unread body would be parsed as the next request: drop it or close.
        if (!bodyRead && requestHasBody(request) && !drainBody(request)) response.setKeepAlive(false);
        if (!response.sent()) send(request, response, reply);
    } catch (const StoreError& e) {
        status = e.conflict() ? 409 : 500;
        if (e.conflict()) {
            log().information("conflict in " + routeName + ": " + e.what());
        } else {
            log().error("store error in " + routeName + ": " + e.what());
        }
        Reply reply = e.conflict() ? errorReply(409, "conflict", e.what())
                                   : errorReply(500, "internal_error", "internal error; see the server log");
        if (!response.sent()) send(request, response, reply);
    } catch (const Poco::Net::MessageException& e) {
        status = 400;
        response.setKeepAlive(false);
        Reply reply = errorReply(400, "bad_request", "malformed HTTP request");
        if (!response.sent()) send(request, response, reply);
    } catch (const Poco::Exception& e) {
        // Details go to the log, with the route; the client learns only that it failed.
        status = 500;
        log().error("unexpected error in " + routeName + ": " + e.displayText());
        response.setKeepAlive(false);
        Reply reply = errorReply(500, "internal_error", "internal error; see the server log");
        if (!response.sent()) send(request, response, reply);
    } catch (const std::exception& e) {
        status = 500;
        log().error("unexpected error in " + routeName + ": " + e.what());
        response.setKeepAlive(false);
        Reply reply = errorReply(500, "internal_error", "internal error; see the server log");
        if (!response.sent()) send(request, response, reply);
    }
    count(status);
    if (log().debug()) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        log().debug(routeName + " -> " + std::to_string(status) + " in " + std::to_string(ms.count()) + " ms");
    }
}

int Router::dispatch(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, bool& bodyRead,
                     std::string& routeName) {
    const std::string& method = request.getMethod();
    const std::vector<std::string> segments = splitPath(request.getURI());
    const bool isApi = !segments.empty() && segments.front() == "api";
    // HEAD is a GET without the body; Poco drops the body when it sends.
    Match found = match(method == "HEAD" ? "GET" : method, segments);

    if (!found.route) {
        if (!found.allowed.empty()) {
            response.set("Allow", Poco::cat(std::string(", "), found.allowed.begin(), found.allowed.end()));
            throw ApiError(405, "method_not_allowed", method + " is not allowed here");
        }
        if (!isApi && staticFiles_ && (method == "GET" || method == "HEAD")) {
            routeName = method + " static";
            return staticFiles_->serve(request, response, segments);
        }
        throw ApiError::notFound("no such resource");
    }

    const Route& route = *found.route;
    routeName = route.method + " " + route.pattern;
    std::optional<AdminUser> user;
    if (route.role != Role::Public) user = authenticate(request, route.role);

    std::string body;
    if (isWriteMethod(method)) body = readBody(request, route.maxBodyBytes ? route.maxBodyBytes : maxBodyBytes_, bodyRead);

    RequestContext ctx(request, found.params, std::move(body), std::move(user));
    Reply reply = route.handler(ctx);
    if (route.audit && reply.status < 300) recordAudit(route, ctx, found.params);
    send(request, response, reply);
    return reply.status;
}

std::optional<AdminUser> Router::authenticate(const Poco::Net::HTTPServerRequest& request, Role required) const {
    const std::string header = request.get("Authorization", "");
    constexpr std::string_view kScheme = "Bearer ";
    if (header.size() <= kScheme.size() || Poco::icompare(header.substr(0, kScheme.size()), std::string(kScheme)) != 0) {
        throw ApiError(401, "unauthorized", "this request needs an Authorization: Bearer <token> header");
    }
    auto user = tokens_.authenticate(Poco::trim(header.substr(kScheme.size())));
    if (!user) throw ApiError(401, "unauthorized", "the token is invalid or expired; log in again");
    const auto role = parseUserRole(user->role);
    if (!role || !roleAllows(*role, required)) {
        throw ApiError(403, "forbidden", std::string("this needs the role ") + toString(required) + " or higher");
    }
    return user;
}

std::string Router::readBody(Poco::Net::HTTPServerRequest& request, std::size_t limit, bool& bodyRead) const {
    // Without Content-Length or chunked encoding an HTTP/1.1 request has no
    // body (RFC 9112 6.3); Poco would wait for the connection to close.
    if (!request.hasContentLength() && !request.getChunkedTransferEncoding()) {
        bodyRead = true;
        return "";
    }
    const std::string tooLarge = "the body is larger than " + std::to_string(limit) + " bytes";
    if (request.hasContentLength() && request.getContentLength64() > static_cast<std::int64_t>(limit)) {
        throw ApiError::tooLarge(tooLarge);  // refused before reading; see drainBody()
    }
    std::string body;
    std::istream& in = request.stream();
    char buffer[16384];
    while (in) {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > limit) throw ApiError::tooLarge(tooLarge);  // chunked bodies have no length up front
    }
    bodyRead = true;
    return body;
}

void Router::recordAudit(const Route& route, const RequestContext& ctx,
                         const std::map<std::string, std::string>& params) {
    const AuditNote& note = ctx.audit();
    AuditEntry entry;
    entry.actor = !note.actor.empty() ? note.actor : (ctx.user() ? ctx.user()->username : std::string("anonymous"));
    entry.action = route.audit->action;
    entry.target = !note.target.empty() ? note.target : expandTarget(route.audit->target, params);
    Poco::Dynamic::Var detail;
    if (note.detail) {
        detail = *note.detail;
    } else if (ctx.mediaType() == "application/json" && !ctx.body().empty()) {
        try {
            detail = Poco::JSON::Parser().parse(ctx.body());
        } catch (const Poco::Exception&) {
            detail = json::object();
        }
    } else {
        auto sized = json::object();
        if (!ctx.body().empty()) sized->set("bytes", static_cast<std::uint64_t>(ctx.body().size()));
        detail = sized;
    }
    entry.detail = json::stringify(scrubSecrets(detail));
    try {
        store_.audit().append(entry);
    } catch (const std::exception& e) {
        // The write itself is committed; answering 500 now would invite a
        // retry of something that succeeded. Make the gap loud instead.
        log().error("audit entry for " + entry.action + " " + entry.target + " could not be written: " + e.what());
    }
}

void Router::send(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response, Reply& reply) {
    response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
    if (!reply.contentType.empty()) response.setContentType(reply.contentType);
    response.set("X-Content-Type-Options", "nosniff");
    if (!response.has("Cache-Control")) response.set("Cache-Control", "no-store");
    for (const auto& [name, value] : reply.headers) response.set(name, value);

    if (!reply.stream) {
        response.setContentLength64(static_cast<std::int64_t>(reply.body.size()));
        std::ostream& out = response.send();
        out.write(reply.body.data(), static_cast<std::streamsize>(reply.body.size()));
        return;
    }
    response.setChunkedTransferEncoding(true);
    std::ostream& out = response.send();
    try {
        reply.stream(out);
        out.flush();
    } catch (...) {
        // Headers are gone, so no error status can follow. Cut the connection
        // before the final chunk is written: the client must see a broken
        // transfer, never a complete-looking but truncated export.
        try {
            static_cast<Poco::Net::HTTPServerRequestImpl&>(request).socket().shutdown();
        } catch (...) {
        }
        throw;
    }
}

void Router::count(int status) {
    const std::size_t slot = (status >= 100 && status < 600) ? static_cast<std::size_t>(status) : 599;
    auto* counter = counters_[slot].load(std::memory_order_acquire);
    if (!counter) {
        // Two threads may race here; both get the same counter from Metrics.
        counter = &metrics_.counter("passway_http_requests_total", "Admin HTTP requests answered, by status code",
                                    "code=\"" + std::to_string(slot) + "\"");
        counters_[slot].store(counter, std::memory_order_release);
    }
    counter->fetch_add(1, std::memory_order_relaxed);
}

} // namespace passway::admin
