#include "outbox/HttpCall.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/URI.h>

#include <memory>
#include <mutex>

namespace passway {

namespace {

// One client TLS context for the process: loading the CA bundle per call
// would cost more than the call.
Poco::Net::Context::Ptr clientContext() {
    static std::once_flag once;
    static Poco::Net::Context::Ptr context;
    std::call_once(once, [] {
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "", "",
                                         Poco::Net::Context::VERIFY_RELAXED, 9, true);
    });
    return context;
}

} // namespace

std::string checkHttpUrl(const std::string& url) {
    try {
        const Poco::URI uri(url);
        if (uri.getScheme() != "http" && uri.getScheme() != "https") return "url must start with http:// or https://";
        if (uri.getHost().empty()) return "url has no host";
        return "";
    } catch (const Poco::Exception& e) {
        return "bad url: " + e.message();
    }
}

HttpCallResult performHttpCall(const HttpCallRequest& request) {
    HttpCallResult result;
    if (auto bad = checkHttpUrl(request.url); !bad.empty()) {
        result.error = bad;
        return result;
    }
    try {
        const Poco::URI uri(request.url);
        std::unique_ptr<Poco::Net::HTTPClientSession> session;
        if (uri.getScheme() == "https") {
            session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort(), clientContext());
        } else {
            session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
        }
        const Poco::Timespan timeout(std::chrono::duration_cast<std::chrono::microseconds>(request.timeout).count());
        session->setTimeout(timeout, timeout, timeout);
        std::string path = uri.getPathAndQuery();
        if (path.empty()) path = "/";
        Poco::Net::HTTPRequest http(request.method, path, Poco::Net::HTTPMessage::HTTP_1_1);
        for (const auto& [name, value] : request.headers) http.set(name, value);
        const bool hasBody = !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
                             request.method == "PATCH";
        if (hasBody) {
            http.setContentLength(static_cast<std::streamsize>(request.body.size()));
            session->sendRequest(http) << request.body;
        } else {
            session->sendRequest(http);
        }
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        result.status = static_cast<int>(response.getStatus());
        for (const auto& [name, value] : response) result.headers[name] = value;
        char buffer[8192];
        while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
            result.body.append(buffer, static_cast<std::size_t>(in.gcount()));
            if (result.body.size() > request.maxResponseBytes) {
                result.error = "response body over " + std::to_string(request.maxResponseBytes) + " bytes";
                result.body.clear();
                return result;
            }
        }
    } catch (const Poco::TimeoutException&) {
        result.error = "timed out";
    } catch (const Poco::Exception& e) {
        result.error = e.displayText();
    } catch (const std::exception& e) {
        result.error = e.what();
    }
    return result;
}

} // namespace passway
