#pragma once

#include "admin/http/Route.h"
#include "passway/net/HttpHandler.h"

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace passway {
class Metrics;
class Store;
}

namespace passway::admin {

class StaticFiles;
class TokenService;

// The one place every admin request goes through. It matches the route,
// bounds the body before it is read (planBody(), on the server's I/O
// thread), authenticates the bearer token and checks the role (handlers
// never do), calls the handler, writes the audit entry of a
// successful write, maps errors to JSON answers, and counts the response in
// passway_http_requests_total{code="..."}.
//
// Routes are added before the server starts and never after, so the table is
// read without locks by all worker threads.
class Router {
public:
    Router(TokenService& tokens, Store& store, Metrics& metrics, std::size_t maxBodyBytes);
    ~Router();

    // A read; HEAD is answered by the same route.
    void get(const std::string& pattern, Role role, Handler handler);
    // A write (POST, PUT, PATCH, DELETE). The audit spec is a required
    // argument, so no write can be added that escapes the audit log.
    void write(const std::string& method, const std::string& pattern, Role role, AuditSpec audit, Handler handler,
               std::size_t maxBodyBytes = 0);
    // Serves GET/HEAD for paths outside /api/ that match no route.
    void setStaticFiles(std::unique_ptr<StaticFiles> files);

    // The server's two steps: the body limit from the head (the route's, or
    // the server's; a route that needs a token refuses a request without
    // one before its body is read), then the request with its body.
    net::BodyPlan planBody(const net::HttpRequest& head);
    net::HttpResponse tooLarge(const net::HttpRequest& head);
    void handle(net::HttpRequest& request, net::HttpResponder& responder);

    const std::vector<Route>& routes() const { return routes_; }

private:
    struct Match {
        const Route* route = nullptr;
        std::map<std::string, std::string> params;
        std::vector<std::string> allowed;  // methods of routes whose path matched
    };

    void add(Route route);
    Match match(const std::string& method, const std::vector<std::string>& segments) const;
    struct Answer {  // how far the answer of one request got
        net::HttpHeaders extra;  // set before a failure (Allow)
        bool sent = false;
    };
    int dispatch(net::HttpRequest& request, net::HttpResponder& responder, Answer& answer, std::string& routeName);
    std::optional<AdminUser> authenticate(const net::HttpRequest& request, Role required) const;
    void recordAudit(const Route& route, const RequestContext& ctx, const std::map<std::string, std::string>& params);
    void send(net::HttpResponder& responder, Reply& reply, Answer& answer, bool close = false);
    void count(int status);

    TokenService& tokens_;
    Store& store_;
    Metrics& metrics_;
    std::size_t maxBodyBytes_;
    std::vector<Route> routes_;
    std::unique_ptr<StaticFiles> staticFiles_;
    std::array<std::atomic<std::atomic<std::uint64_t>*>, 600> counters_{};  // by status code, filled lazily
};

} // namespace passway::admin
