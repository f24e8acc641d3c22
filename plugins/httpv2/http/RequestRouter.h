#pragma once

#include "service/Services.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>

#include <memory>

namespace passway::httpv2 {

// The plugin's HTTP entry: finds the endpoint (http/Routes.h), runs its
// handler and turns every failure into an answer in the document's shape,
// logged with the terminal's SN. Nothing a request does escapes it: one
// terminal's broken request never affects another, nor the host.
class RequestRouter final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit RequestRouter(std::shared_ptr<Services> services) : services_(std::move(services)) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest& request) override;

private:
    std::shared_ptr<Services> services_;
};

} // namespace passway::httpv2
