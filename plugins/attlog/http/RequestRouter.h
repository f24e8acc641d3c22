#pragma once

#include "passway/net/HttpHandler.h"
#include "service/Services.h"

#include <memory>

namespace passway::attlog {

// The listener's handler: the configured paths to the seed's requests.
// Every answer, refusals included, is JSON in the protocol's shape; bodies
// are bounded before a byte is read (max_body_bytes) and while parsing
// (depth, values, string length).
class RequestRouter final : public net::HttpHandler {
public:
    explicit RequestRouter(std::shared_ptr<Services> services) : services_(std::move(services)) {}

    net::BodyPlan planBody(const net::HttpRequest& head) override;
    net::HttpResponse tooLarge(const net::HttpRequest& head) override;
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) override;

private:
    enum class Endpoint { None, NewLog, SyncLog, Users, ErrorLog, Command };
    Endpoint endpointOf(const std::string& path) const;
    net::HttpResponse answer(const net::HttpRequest& request, Endpoint endpoint, std::string& serial);

    std::shared_ptr<Services> services_;
};

}  // namespace passway::attlog
