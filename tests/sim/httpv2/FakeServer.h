#pragma once

// A scripted stand-in for an HTTPv2 server, for the simulator's own test: it
// records every request (path, headers, raw body, client port) and answers
// from per-path scripts (the last answer of a script repeats).

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <deque>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace passway::sim::httpv2::test {

struct Seen {
    std::string method;
    std::string path;
    std::map<std::string, std::string> headers;
    std::string body;
    std::uint16_t clientPort = 0;
};

struct Answer {
    int status = 200;
    std::string body = R"({"Success":1})";
    std::string contentType = "application/json";
};

class FakeServer {
public:
    FakeServer() : FakeServer(Poco::Net::ServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0))) {}
    // HTTPS with the given PEM key and certificate.
    FakeServer(const std::string& keyFile, const std::string& certFile)
        : FakeServer(Poco::Net::SecureServerSocket(Poco::Net::SocketAddress("127.0.0.1", 0), 64,
                                                   new Poco::Net::Context(Poco::Net::Context::TLS_SERVER_USE, keyFile,
                                                                          certFile, "",
                                                                          Poco::Net::Context::VERIFY_NONE))) {}

    explicit FakeServer(Poco::Net::ServerSocket socket) : socket_(std::move(socket)) {
        auto* params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(8);
        params->setKeepAlive(true);
        server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket_, params);
        server_->start();
    }
    ~FakeServer() { server_->stopAll(true); }

    std::uint16_t port() const { return socket_.address().port(); }

    void script(const std::string& path, std::vector<Answer> answers) {
        std::lock_guard lock(mutex_);
        scripts_[path] = std::deque<Answer>(answers.begin(), answers.end());
    }
    void json(const std::string& path, std::vector<std::string> bodies) {
        std::vector<Answer> answers;
        for (auto& b : bodies) answers.push_back({200, std::move(b), "application/json"});
        script(path, std::move(answers));
    }

    std::vector<Seen> seen() const {
        std::lock_guard lock(mutex_);
        return seen_;
    }
    std::vector<Seen> seen(const std::string& path) const {
        std::vector<Seen> out;
        for (auto& s : seen()) {
            if (s.path == path) out.push_back(s);
        }
        return out;
    }
    std::vector<std::string> paths() const {
        std::vector<std::string> out;
        for (auto& s : seen()) out.push_back(s.path);
        return out;
    }

private:
    Answer answer(Seen seen) {
        std::lock_guard lock(mutex_);
        seen_.push_back(std::move(seen));
        auto it = scripts_.find(seen_.back().path);
        if (it == scripts_.end() || it->second.empty()) return Answer{};
        Answer a = it->second.front();
        if (it->second.size() > 1) it->second.pop_front();
        return a;
    }

    class Handler : public Poco::Net::HTTPRequestHandler {
    public:
        explicit Handler(FakeServer& owner) : owner_(owner) {}
        void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
            Seen seen;
            seen.method = request.getMethod();
            seen.path = request.getURI();
            for (const auto& [k, v] : request) seen.headers[k] = v;
            Poco::StreamCopier::copyToString(request.stream(), seen.body);
            seen.clientPort = request.clientAddress().port();
            const Answer a = owner_.answer(std::move(seen));
            response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(a.status));
            response.setContentType(a.contentType);
            response.setContentLength(static_cast<std::streamsize>(a.body.size()));
            response.send() << a.body;
        }

    private:
        FakeServer& owner_;
    };

    class Factory : public Poco::Net::HTTPRequestHandlerFactory {
    public:
        explicit Factory(FakeServer& owner) : owner_(owner) {}
        Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
            return new Handler(owner_);
        }

    private:
        FakeServer& owner_;
    };

    Poco::Net::ServerSocket socket_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    mutable std::mutex mutex_;
    std::map<std::string, std::deque<Answer>> scripts_;
    std::vector<Seen> seen_;
};

}  // namespace passway::sim::httpv2::test
