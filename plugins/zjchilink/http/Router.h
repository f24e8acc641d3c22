#pragma once

#include "handlers/Handlers.h"
#include "passway/net/HttpHandler.h"

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace passway::zjchilink {

// The API's paths (exactly as the document names them), its token check and
// the batch `patch`. Every answer, refusals included, is a Reply in the
// document's shape with one of its codes. Calls that change data run one at
// a time (the plugin-local documents are read, checked and written as a unit).
class Router final : public net::HttpHandler {
public:
    explicit Router(std::shared_ptr<Services> services) : services_(std::move(services)) {}

    net::BodyPlan planBody(const net::HttpRequest& head) override;
    net::HttpResponse tooLarge(const net::HttpRequest& head) override;
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) override;

    // Runs one call (HTTP or a sub-request of a batch); throws ApiError.
    Reply dispatch(Call& call, bool insideBatch = false);

private:
    struct Route {
        const char* prefix;
        const char* methods;     // "GET POST PUT DELETE"
        int tokenCode;           // 0: no token needed, else the refusal's code
        Handler handler;
        bool freeRest;           // what follows the prefix is a name, not an id
    };
    static const std::vector<Route>& routes();
    static const Route* find(const std::string& path, std::string& rest);
    Reply batch(Call& call);

    std::shared_ptr<Services> services_;
};

}  // namespace passway::zjchilink
