#pragma once

// A real HTTP server on 127.0.0.1 for tests of outbound calls: it records
// every request (method, URI, headers, body) and answers with the status and
// body the test sets (or a handler). stop() and start() again on the same
// port simulate a receiver that goes down and comes back.

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace passway::test {

struct ReceivedRequest {
    std::string method;
    std::string uri;
    std::map<std::string, std::string> headers;
    std::string body;
    std::chrono::steady_clock::time_point at;
};

struct ReceiverReply {
    int status = 200;
    std::string body = "{}";
    std::string contentType = "application/json";
};

class HttpReceiver {
public:
    using Handler = std::function<ReceiverReply(const ReceivedRequest&)>;

    HttpReceiver() { start(); }
    ~HttpReceiver() { stop(); }

    std::uint16_t port() const { return port_; }
    std::string url(const std::string& path = "/") const {
        return "http://127.0.0.1:" + std::to_string(port_) + path;
    }

    void start() {
        std::lock_guard lock(lifecycle_);
        if (server_) return;
        Poco::Net::ServerSocket socket;
        socket.bind(Poco::Net::SocketAddress("127.0.0.1", port_), true);
        socket.listen(64);
        port_ = socket.address().port();
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(4);
        params->setKeepAlive(false);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
        server_->start();
    }

    void stop() {
        std::lock_guard lock(lifecycle_);
        if (!server_) return;
        server_->stopAll(true);
        server_.reset();
    }

    void setHandler(Handler handler) {
        std::lock_guard lock(mutex_);
        handler_ = std::move(handler);
    }
    void setStatus(int status) {
        setHandler([status](const ReceivedRequest&) { return ReceiverReply{status, "{}", "application/json"}; });
    }

    std::vector<ReceivedRequest> requests() const {
        std::lock_guard lock(mutex_);
        return requests_;
    }
    std::size_t count() const {
        std::lock_guard lock(mutex_);
        return requests_.size();
    }

private:
    class Handle : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handle(HttpReceiver& owner) : owner_(owner) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
            ReceivedRequest r;
            r.method = request.getMethod();
            r.uri = request.getURI();
            for (const auto& [name, value] : request) r.headers[name] = value;
            Poco::StreamCopier::copyToString(request.stream(), r.body);
            r.at = std::chrono::steady_clock::now();
            ReceiverReply reply;
            {
                std::lock_guard lock(owner_.mutex_);
                owner_.requests_.push_back(r);
                if (owner_.handler_) reply = owner_.handler_(r);
            }
            response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
            response.setContentType(reply.contentType);
            response.setContentLength(static_cast<std::streamsize>(reply.body.size()));
            response.send() << reply.body;
        }

    private:
        HttpReceiver& owner_;
    };
    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit Factory(HttpReceiver& owner) : owner_(owner) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handle(owner_);
        }

    private:
        HttpReceiver& owner_;
    };

    std::mutex lifecycle_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    std::uint16_t port_ = 0;
    mutable std::mutex mutex_;
    Handler handler_;
    std::vector<ReceivedRequest> requests_;
};

}  // namespace passway::test
