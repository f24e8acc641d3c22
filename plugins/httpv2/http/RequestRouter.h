#pragma once

#include "passway/net/HttpHandler.h"
#include "service/Services.h"

#include <memory>

namespace passway::httpv2 {

// The plugin's HTTP entry on the host's server: bounds each body by
// max_body_bytes before it is read (a larger one is answered 413 in the
// document's shape, unread), finds the endpoint (http/Routes.h), runs its
// handler and turns every failure into an answer in the document's shape,
// logged with the terminal's SN. Nothing a request does escapes it: one
// terminal's broken request never affects another, nor the host.
class RequestRouter final : public net::HttpHandler {
public:
    explicit RequestRouter(std::shared_ptr<Services> services) : services_(std::move(services)) {}

    net::BodyPlan planBody(const net::HttpRequest& head) override;
    net::HttpResponse tooLarge(const net::HttpRequest& head) override;
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) override;

private:
    std::shared_ptr<Services> services_;
};

} // namespace passway::httpv2
