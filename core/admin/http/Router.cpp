#include "admin/http/Router.h"

#include "admin/auth/TokenService.h"
#include "admin/http/ApiError.h"
#include "admin/http/SecurityHeaders.h"
#include "admin/http/StaticFiles.h"
#include "admin/json/Json.h"
#include "util/SecretPolicy.h"
#include "store/Store.h"
#include "util/Metrics.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <chrono>
#include <streambuf>

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

// A GET or DELETE brings no body worth reading; one that does anyway is
// read up to this and dropped, so the connection stays usable.
constexpr std::size_t kIgnoredBodyBytes = 1024 * 1024;

// The body of a streamed reply as chunks of the server's stream; the writer
// (an export on the worker thread) waits while the client is behind.
class ChunkBuffer final : public std::streambuf {
public:
    explicit ChunkBuffer(net::HttpStream& stream) : stream_(stream) { setp(buffer_, buffer_ + sizeof buffer_); }
    ~ChunkBuffer() override = default;

protected:
    int_type overflow(int_type c) override {
        if (!flushChunk()) return traits_type::eof();
        if (!traits_type::eq_int_type(c, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(c);
            pbump(1);
        }
        return traits_type::not_eof(c);
    }
    int sync() override { return flushChunk() ? 0 : -1; }

private:
    bool flushChunk() {
        const auto n = static_cast<std::size_t>(pptr() - pbase());
        if (n > 0) {
            if (!stream_.waitBelow(8, std::chrono::seconds(30))) return false;
            if (!stream_.write(std::string(pbase(), n))) return false;
        }
        setp(buffer_, buffer_ + sizeof buffer_);
        return true;
    }

    net::HttpStream& stream_;
    char buffer_[32768];
};

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

net::BodyPlan Router::planBody(const net::HttpRequest& head) {
    net::BodyPlan plan;
    plan.limit = kIgnoredBodyBytes;
    const std::string& method = head.method;
    Match found = match(method == "HEAD" ? "GET" : method, splitPath(head.target));
    if (!found.route || !isWriteMethod(method)) return plan;
    plan.limit = found.route->maxBodyBytes ? found.route->maxBodyBytes : maxBodyBytes_;
    // Without any token the answer is 401 whatever the body says: not a
    // byte of an anonymous upload is read.
    if (found.route->role != Role::Public && head.hasBody() &&
        Poco::icompare(head.header("Authorization").substr(0, 7), std::string("Bearer ")) != 0) {
        Reply reply = errorReply(401, "unauthorized", "this request needs an Authorization: Bearer <token> header");
        net::HttpResponse response;
        response.status = reply.status;
        response.headers.set("Content-Type", reply.contentType);
        SecurityHeaders::add(response.headers);
        response.headers.set("Cache-Control", "no-store");
        response.body = std::move(reply.body);
        plan.refusal = std::move(response);
        count(401);
    }
    return plan;
}

net::HttpResponse Router::tooLarge(const net::HttpRequest& head) {
    const net::BodyPlan plan = planBody(head);
    Reply reply = errorReply(413, "payload_too_large", "the body is larger than " + std::to_string(plan.limit) + " bytes");
    net::HttpResponse response;
    response.status = 413;
    response.headers.set("Content-Type", reply.contentType);
    SecurityHeaders::add(response.headers);
    response.headers.set("Cache-Control", "no-store");
    response.body = std::move(reply.body);
    response.close = true;
    count(413);
    return response;
}

void Router::handle(net::HttpRequest& request, net::HttpResponder& responder) {
    const auto started = std::chrono::steady_clock::now();
    Answer answer;
    std::string routeName = request.method + " (unmatched)";
    int status = 500;
    try {
        status = dispatch(request, responder, answer, routeName);
    } catch (const ApiError& e) {
        status = e.status();
        Reply reply = errorReply(e.status(), e.code(), e.what(), e.field());
        for (const auto& [name, value] : e.headers()) reply.header(name, value);
        if (!answer.sent) send(responder, reply, answer);
    } catch (const StoreError& e) {
        status = e.conflict() ? 409 : 500;
        if (e.conflict()) {
            log().information("conflict in " + routeName + ": " + e.what());
        } else {
            log().error("store error in " + routeName + ": " + e.what());
        }
        // The database's own text (tables, SQL) stays in the log.
        Reply reply = e.conflict() ? errorReply(409, "conflict", e.publicMessage())
                                   : errorReply(500, "internal_error", "internal error; see the server log");
        if (!answer.sent) send(responder, reply, answer);
    } catch (const Poco::Exception& e) {
        // Details go to the log, with the route; the client learns only that it failed.
        status = 500;
        log().error("unexpected error in " + routeName + ": " + e.displayText());
        Reply reply = errorReply(500, "internal_error", "internal error; see the server log");
        if (!answer.sent) send(responder, reply, answer, true);
    } catch (const std::exception& e) {
        status = 500;
        log().error("unexpected error in " + routeName + ": " + e.what());
        Reply reply = errorReply(500, "internal_error", "internal error; see the server log");
        if (!answer.sent) send(responder, reply, answer, true);
    }
    if (log().debug()) {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
        log().debug(routeName + " -> " + std::to_string(status) + " in " + std::to_string(ms.count()) + " ms");
    }
}

int Router::dispatch(net::HttpRequest& request, net::HttpResponder& responder, Answer& answer, std::string& routeName) {
    const std::string& method = request.method;
    const std::vector<std::string> segments = splitPath(request.target);
    const bool isApi = !segments.empty() && segments.front() == "api";
    // HEAD is a GET without the body; the server drops the body when it sends.
    Match found = match(method == "HEAD" ? "GET" : method, segments);

    if (!found.route) {
        if (!found.allowed.empty()) {
            answer.extra.set("Allow", Poco::cat(std::string(", "), found.allowed.begin(), found.allowed.end()));
            throw ApiError(405, "method_not_allowed", method + " is not allowed here");
        }
        if (!isApi && staticFiles_ && (method == "GET" || method == "HEAD")) {
            routeName = method + " static";
            Reply reply = staticFiles_->serve(segments);
            send(responder, reply, answer);
            return reply.status;
        }
        throw ApiError::notFound("no such resource");
    }

    const Route& route = *found.route;
    routeName = route.method + " " + route.pattern;
    std::optional<AdminUser> user;
    if (route.role != Role::Public) user = authenticate(request, route.role);

    // Read by the server within planBody()'s limit; a body of a read is dropped.
    std::string body = isWriteMethod(method) ? std::move(request.body) : std::string();

    RequestContext ctx(request, found.params, std::move(body), std::move(user));
    Reply reply = route.handler(ctx);
    if (route.audit && reply.status < 300) recordAudit(route, ctx, found.params);
    send(responder, reply, answer);
    return reply.status;
}

std::optional<AdminUser> Router::authenticate(const net::HttpRequest& request, Role required) const {
    const std::string header = request.header("Authorization");
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

void Router::send(net::HttpResponder& responder, Reply& reply, Answer& answer, bool close) {
    net::HttpResponse response;
    response.status = reply.status;
    response.headers = answer.extra;
    if (!reply.contentType.empty()) response.headers.set("Content-Type", reply.contentType);
    SecurityHeaders::add(response.headers);
    response.headers.set("Cache-Control", "no-store");
    for (const auto& [name, value] : reply.headers) response.headers.set(name, value);
    response.close = close;
    answer.sent = true;
    // Counted before it leaves: a client that reads /metrics right after
    // its answer finds it counted.
    count(reply.status);

    if (reply.live) {
        reply.live(responder.stream(std::move(response)));
        return;
    }
    if (!reply.stream) {
        response.body = std::move(reply.body);
        responder.send(std::move(response));
        return;
    }
    auto stream = responder.stream(std::move(response));
    try {
        ChunkBuffer buffer(*stream);
        std::ostream out(&buffer);
        reply.stream(out);
        out.flush();
        if (!out) throw std::runtime_error("the client stopped reading the stream");
        stream->finish();
    } catch (...) {
        // Headers are gone, so no error status can follow. Cut the connection
        // before the final chunk is written: the client must see a broken
        // transfer, never a complete-looking but truncated export.
        stream->abort();
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
