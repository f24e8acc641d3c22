#pragma once

#include "passway/net/HttpHandler.h"
#include "service/Services.h"

#include <memory>

namespace passway::henan {

// The listener's handler: the document's paths (POST, form parameters) and
// GET /person/photo/<sha256>.jpg, the picUrl of v2 persons. Every answer,
// refusals included, is {"msg","data","success"} with HTTP 200; each
// refusal is logged. Bodies are bounded before a byte is read.
class RequestRouter final : public net::HttpHandler {
public:
    explicit RequestRouter(std::shared_ptr<Services> services) : services_(std::move(services)) {}

    net::BodyPlan planBody(const net::HttpRequest& head) override;
    net::HttpResponse tooLarge(const net::HttpRequest& head) override;
    void handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) override;

    static constexpr const char* kPhotoPrefix = "/person/photo/";

private:
    net::HttpResponse answer(const net::HttpRequest& request, std::string& serial);
    net::HttpResponse photo(const net::HttpRequest& request);

    std::shared_ptr<Services> services_;
};

}  // namespace passway::henan
