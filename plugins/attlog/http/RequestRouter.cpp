#include "http/RequestRouter.h"

#include "handlers/Endpoints.h"
#include "http/BridgeRequest.h"
#include "mapping/ZkFields.h"
#include "passway/HostError.h"
#include "wire/Answer.h"
#include "wire/TolerantJson.h"

#include <Poco/Logger.h>

namespace passway::attlog {

RequestRouter::Endpoint RequestRouter::endpointOf(const std::string& path) const {
    const auto& p = services_->config.paths;
    if (path == p.newLog) return Endpoint::NewLog;
    if (path == p.syncLog) return Endpoint::SyncLog;
    if (path == p.users) return Endpoint::Users;
    if (path == p.errorLog) return Endpoint::ErrorLog;
    if (path == p.command) return Endpoint::Command;
    return Endpoint::None;
}

net::BodyPlan RequestRouter::planBody(const net::HttpRequest& head) {
    net::BodyPlan plan;
    plan.limit = services_->config.maxBodyBytes;
    if (endpointOf(head.path()) == Endpoint::None) {
        plan.refusal = Answer::error(404, "", "no such path: " + head.path());
    } else if (head.method != "POST") {
        auto refusal = Answer::error(405, "", "use POST with a JSON body");
        refusal.headers.set("Allow", "POST");
        plan.refusal = std::move(refusal);
    }
    return plan;
}

net::HttpResponse RequestRouter::tooLarge(const net::HttpRequest& head) {
    services_->context.logger().warning("request to " + head.path() + " from " + head.peerAddress +
                                        " refused: body over " + std::to_string(services_->config.maxBodyBytes) +
                                        " bytes");
    return Answer::error(413, "", "body larger than " + std::to_string(services_->config.maxBodyBytes) + " bytes");
}

net::HttpResponse RequestRouter::answer(const net::HttpRequest& request, Endpoint endpoint, std::string& serial) {
    ReaderLimits limits;
    limits.maxBytes = services_->config.maxBodyBytes;
    Poco::JSON::Object::Ptr body;
    try {
        body = readJsonObject(request.body, limits);
    } catch (const MalformedJson& e) {
        throw ProtocolError(400, e.what());
    }
    if (endpoint == Endpoint::ErrorLog) {
        const auto log = body->getObject("log_data");
        serial = log ? zkText(*log, "SN").value_or("") : "";
        if (serial.empty()) serial = zkText(*body, "SN").value_or("");
    } else {
        serial = zkText(*body, "SN").value_or("");
    }
    auto& s = *services_;
    const BridgeRequest admitted = BridgeRequest::admit(s, request, body, serial);
    switch (endpoint) {
        case Endpoint::NewLog:
            return newAttLog(s, admitted);
        case Endpoint::SyncLog:
            return syncAttLog(s, admitted);
        case Endpoint::Users:
            return updateUserInfo(s, admitted);
        case Endpoint::ErrorLog:
            return commandErrorLog(s, admitted);
        case Endpoint::Command:
            return getCommand(s, admitted);
        case Endpoint::None:
            break;
    }
    throw ProtocolError(404, "no such path");
}

void RequestRouter::handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) {
    std::string serial;
    auto& log = services_->context.logger();
    try {
        responder->send(answer(request, endpointOf(request.path()), serial));
    } catch (const ProtocolError& e) {
        if (e.httpStatus() != 401 && e.httpStatus() != 403) {
            log.warning("request to " + request.path() + " from " + request.peerAddress + " refused: " + e.what());
        }
        responder->send(Answer::error(e.httpStatus(), serial, e.what()));
    } catch (const HostError& e) {
        log.error("request to " + request.path() + " (SN " + serial + "): " + e.what());
        const int status = e.kind() == HostError::Kind::Unavailable ? 503 : 500;
        responder->send(Answer::error(status, serial, "the server cannot take this now; try again later"));
    } catch (const std::exception& e) {
        log.error("request to " + request.path() + " (SN " + serial + ") failed: " + e.what());
        responder->send(Answer::error(500, serial, "internal error"));
    }
}

}  // namespace passway::attlog
