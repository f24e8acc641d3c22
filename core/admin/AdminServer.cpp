#include "admin/AdminServer.h"

#include "admin/auth/PasswordHasher.h"
#include "admin/auth/TokenService.h"
#include "admin/http/Router.h"
#include "admin/http/StaticFiles.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/AuditResource.h"
#include "admin/resources/AuthResource.h"
#include "admin/resources/CommandResource.h"
#include "admin/resources/DeviceResource.h"
#include "admin/resources/FaceResource.h"
#include "admin/resources/EventStreamResource.h"
#include "admin/resources/FileResource.h"
#include "admin/resources/HealthResource.h"
#include "admin/resources/OutboxResource.h"
#include "admin/resources/PersonCsvResource.h"
#include "admin/resources/PersonPhotoResource.h"
#include "admin/resources/PersonResource.h"
#include "admin/resources/RecordResource.h"
#include "admin/resources/ScriptResource.h"
#include "admin/resources/SettingsResource.h"
#include "admin/resources/UserResource.h"
#include "passway/Clock.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServer.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/ThreadPool.h>

#include <mutex>
#include <vector>

namespace passway {

namespace {

// Poco creates one handler object per request; each just hands the request
// to the shared router.
class RouterHandler : public Poco::Net::HTTPRequestHandler {
public:
    explicit RouterHandler(admin::Router& router) : router_(router) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        router_.handle(request, response);
    }

private:
    admin::Router& router_;
};

class RouterHandlerFactory : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit RouterHandlerFactory(admin::Router& router) : router_(router) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new RouterHandler(router_);
    }

private:
    admin::Router& router_;
};

} // namespace

class AdminServer::Impl {
public:
    Impl(Store& store, BlobStore& blobs, EventBus& bus, Metrics& metrics, AdminOptions options, ScriptHost* scripts,
         FaceService* face)
        : options_(std::move(options)),
          tokens_(store, options_.tokenTtlSeconds),
          services_{store, blobs, bus, metrics, tokens_, hasher_, options_, nowMillis(), {}, scripts, face},
          router_(tokens_, store, metrics, options_.maxBodyBytes),
          threads_("admin-http", 2, std::max(2, options_.maxThreads)) {
        resources_.push_back(std::make_unique<admin::HealthResource>(services_));
        resources_.push_back(std::make_unique<admin::AuthResource>(services_));
        resources_.push_back(std::make_unique<admin::UserResource>(services_));
        resources_.push_back(std::make_unique<admin::DeviceResource>(services_));
        resources_.push_back(std::make_unique<admin::PersonResource>(services_));
        resources_.push_back(std::make_unique<admin::PersonPhotoResource>(services_));
        resources_.push_back(std::make_unique<admin::PersonCsvResource>(services_));
        resources_.push_back(std::make_unique<admin::RecordResource>(services_));
        resources_.push_back(std::make_unique<admin::CommandResource>(services_));
        resources_.push_back(std::make_unique<admin::AuditResource>(services_));
        resources_.push_back(std::make_unique<admin::FileResource>(services_));
        resources_.push_back(std::make_unique<admin::OutboxResource>(services_));
        if (scripts) resources_.push_back(std::make_unique<admin::ScriptResource>(services_));
        resources_.push_back(std::make_unique<admin::FaceResource>(services_));
        resources_.push_back(std::make_unique<admin::SettingsResource>(services_));
        auto events = std::make_unique<admin::EventStreamResource>(services_);
        eventHub_ = &events->hub();
        resources_.push_back(std::move(events));
        for (auto& resource : resources_) resource->install(router_);
        if (!options_.wwwDir.empty()) router_.setStaticFiles(std::make_unique<admin::StaticFiles>(options_.wwwDir));
    }

    void start() {
        std::lock_guard lock(mutex_);
        if (server_) return;
        eventHub_->reopen();
        Poco::Net::ServerSocket socket;
        socket.bind(Poco::Net::SocketAddress(options_.address, options_.port), true);
        socket.listen(128);
        boundPort_ = socket.address().port();

        Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
        params->setMaxThreads(std::max(2, options_.maxThreads));
        params->setMaxQueued(std::max(1, options_.maxQueued));
        params->setKeepAlive(true);
        params->setKeepAliveTimeout(Poco::Timespan(15, 0));
        params->setMaxKeepAliveRequests(0);  // unlimited on one connection
        params->setTimeout(Poco::Timespan(30, 0));  // a client that stalls mid-request is dropped
        params->setServerName("passway");
        server_ = std::make_unique<Poco::Net::HTTPServer>(new RouterHandlerFactory(router_), threads_, socket, params);
        server_->start();
        Poco::Logger::get("admin").information("admin API listening on " + options_.address + ":" +
                                               std::to_string(boundPort_));
    }

    void stop() {
        std::lock_guard lock(mutex_);
        if (!server_) return;
        // Live event streams never end by themselves; end them first.
        eventHub_->closeAll();
        // Stops accepting; waits for each request in flight, then closes its
        // connection, so idle keep-alive clients do not hold up the shutdown.
        server_->stopAll(false);
        threads_.joinAll();
        server_.reset();
    }

    std::uint16_t port() const {
        std::lock_guard lock(mutex_);
        return server_ ? boundPort_ : options_.port;
    }

    const admin::Router& router() const { return router_; }

private:
    AdminOptions options_;
    admin::PasswordHasher hasher_;
    admin::TokenService tokens_;
    admin::AdminServices services_;
    admin::Router router_;
    std::vector<std::unique_ptr<admin::Resource>> resources_;
    admin::EventStreamHub* eventHub_ = nullptr;  // owned by its resource in resources_
    Poco::ThreadPool threads_;
    mutable std::mutex mutex_;
    std::unique_ptr<Poco::Net::HTTPServer> server_;
    std::uint16_t boundPort_ = 0;
};

AdminServer::AdminServer(Store& store, BlobStore& blobs, EventBus& bus, Metrics& metrics, AdminOptions options,
                         ScriptHost* scripts, FaceService* face)
    : impl_(std::make_unique<Impl>(store, blobs, bus, metrics, std::move(options), scripts, face)) {}

AdminServer::~AdminServer() { stop(); }

void AdminServer::start() { impl_->start(); }

void AdminServer::stop() { impl_->stop(); }

std::uint16_t AdminServer::port() const { return impl_->port(); }

const admin::Router& AdminServer::router() const { return impl_->router(); }

} // namespace passway
