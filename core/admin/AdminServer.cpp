#include "admin/AdminServer.h"

#include "admin/auth/PasswordHasher.h"
#include "admin/auth/TokenService.h"
#include "admin/http/Router.h"
#include "admin/http/StaticFiles.h"
#include "admin/resources/AdminServices.h"
#include "admin/resources/AttendanceResource.h"
#include "admin/resources/AuditResource.h"
#include "admin/resources/AuthResource.h"
#include "admin/resources/CommandResource.h"
#include "admin/resources/DeviceResource.h"
#include "admin/resources/DeviceHistoryResource.h"
#include "admin/resources/DeviceSyncResource.h"
#include "admin/resources/FaceResource.h"
#include "admin/resources/EventStreamResource.h"
#include "admin/resources/FileResource.h"
#include "admin/resources/HealthResource.h"
#include "admin/resources/MaintenanceResource.h"
#include "admin/resources/OutboxResource.h"
#include "admin/resources/PersonCsvResource.h"
#include "admin/resources/PersonPhotoResource.h"
#include "admin/resources/PersonResource.h"
#include "admin/resources/PersonReviewResource.h"
#include "admin/resources/PluginResource.h"
#include "admin/resources/RuntimeSettingsResource.h"
#include "admin/resources/RecordResource.h"
#include "admin/resources/ScriptResource.h"
#include "admin/resources/SettingsResource.h"
#include "admin/resources/UserResource.h"
#include "passway/Clock.h"

#include "net/HttpServer.h"
#include "net/SelfSignedCertificate.h"

#include <Poco/Environment.h>

#include <Poco/Logger.h>

#include <filesystem>
#include <mutex>
#include <vector>

namespace passway {

namespace {

// The server's handler: every request goes to the one router.
class RouterHandler final : public net::HttpHandler {
public:
    explicit RouterHandler(admin::Router& router) : router_(router) {}
    net::BodyPlan planBody(const net::HttpRequest& head) override { return router_.planBody(head); }
    net::HttpResponse tooLarge(const net::HttpRequest& head) override { return router_.tooLarge(head); }
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) override {
        router_.handle(request, *responder);
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
          metrics_(metrics) {
        resources_.push_back(std::make_unique<admin::HealthResource>(services_));
        resources_.push_back(std::make_unique<admin::AuthResource>(services_));
        resources_.push_back(std::make_unique<admin::UserResource>(services_));
        resources_.push_back(std::make_unique<admin::DeviceResource>(services_));
        resources_.push_back(std::make_unique<admin::DeviceSyncResource>(services_));
        resources_.push_back(std::make_unique<admin::DeviceHistoryResource>(services_));
        resources_.push_back(std::make_unique<admin::PersonResource>(services_));
        resources_.push_back(std::make_unique<admin::PersonReviewResource>(services_));
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
        resources_.push_back(std::make_unique<admin::AttendanceResource>(services_));
        resources_.push_back(std::make_unique<admin::MaintenanceResource>(services_));
        if (options_.runtimeSettings) {
            resources_.push_back(std::make_unique<admin::RuntimeSettingsResource>(services_));
            if (options_.plugins) resources_.push_back(std::make_unique<admin::PluginResource>(services_));
        }
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
        net::HttpServerOptions o = options_.net;
        o.name = "admin";
        o.address = options_.address;
        o.port = options_.port;
        o.workers = std::max(2, options_.maxThreads);
        o.queue = static_cast<std::size_t>(std::max(1, options_.maxQueued));
        o.idleTimeout = std::chrono::seconds(std::max(1, options_.idleTimeoutSeconds));
        if (!o.metrics) o.metrics = &metrics_;
        if (options_.tls.enabled) {
            prepareCertificate();
            o.tls = true;
            o.certificateFile = options_.tls.certificate;
            o.privateKeyFile = options_.tls.privateKey;
        }
        server_ = std::make_unique<net::HttpServer>(o, std::make_shared<RouterHandler>(router_));
        boundPort_ = server_->port();
        Poco::Logger::get("admin").information(std::string("admin API listening on ") +
                                               (options_.tls.enabled ? "https://" : "http://") + options_.address +
                                               ":" + std::to_string(boundPort_));
    }

    void stop() {
        std::lock_guard lock(mutex_);
        if (!server_) return;
        // Live event streams never end by themselves; end them first.
        eventHub_->closeAll();
        // Stops accepting and closes idle connections; requests in flight
        // get a grace to finish, then every connection closes.
        server_->stop(std::chrono::seconds(10));
        server_.reset();
    }

    std::uint16_t port() const {
        std::lock_guard lock(mutex_);
        return server_ ? boundPort_ : options_.port;
    }

    const admin::Router& router() const { return router_; }

private:
    // A site that turned HTTPS on without naming files gets a self-signed
    // pair at the first start, kept and reused after; its fingerprint is
    // logged at every start so an administrator can compare it with the
    // one the browser shows.
    void prepareCertificate() {
        const auto& tls = options_.tls;
        if (tls.certificate.empty() || tls.privateKey.empty())
            throw std::invalid_argument("HTTPS on the admin port needs http.tls.certificate and http.tls.private_key");
        auto& log = Poco::Logger::get("admin");
        const bool haveCertificate = std::filesystem::exists(tls.certificate);
        const bool haveKey = std::filesystem::exists(tls.privateKey);
        if (tls.generate && !haveCertificate && !haveKey) {
            std::vector<std::string> dns{"localhost"};
            const std::string host = Poco::Environment::nodeName();
            if (!host.empty() && host != "localhost") dns.push_back(host);
            std::vector<std::string> ips{"127.0.0.1", "::1"};
            if (options_.address != "0.0.0.0" && options_.address != "::" && options_.address != "127.0.0.1")
                ips.push_back(options_.address);
            const std::string fingerprint =
                net::SelfSignedCertificate::create(tls.certificate, tls.privateKey, host.empty() ? "localhost" : host, dns, ips);
            log.warning("generated a self-signed certificate for the admin port: " + tls.certificate +
                        " (key " + tls.privateKey + "), SHA-256 " + fingerprint +
                        "; browsers warn until it is trusted or replaced");
            return;
        }
        if (haveCertificate) {
            try {
                log.information("admin port certificate " + tls.certificate + ", SHA-256 " +
                                net::SelfSignedCertificate::fingerprint(tls.certificate));
            } catch (const std::exception&) {
                // The TLS set-up reports an unreadable file with its reason.
            }
        }
    }

    AdminOptions options_;
    admin::PasswordHasher hasher_;
    admin::TokenService tokens_;
    admin::AdminServices services_;
    admin::Router router_;
    std::vector<std::unique_ptr<admin::Resource>> resources_;
    admin::EventStreamHub* eventHub_ = nullptr;  // owned by its resource in resources_
    Metrics& metrics_;
    mutable std::mutex mutex_;
    std::unique_ptr<net::HttpServer> server_;
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
