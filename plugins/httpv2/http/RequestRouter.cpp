#include "http/RequestRouter.h"

#include "handlers/Handlers.h"
#include "http/FailureReply.h"
#include "http/Exchange.h"
#include "http/ReplySender.h"
#include "http/Routes.h"
#include "wire/ProtocolError.h"

#include <Poco/Logger.h>

namespace passway::httpv2 {

namespace {

void dispatch(Exchange& ex, const Route& route) {
    switch (route.endpoint) {
    case Endpoint::Keepalive: return handleKeepalive(ex);
    case Endpoint::UploadWorkSetting: return handleUploadWorkSetting(ex);
    case Endpoint::DownloadWorkSetting: return handleDownloadWorkSetting(ex);
    case Endpoint::RemoteCommand: return handleRemoteCommand(ex);
    case Endpoint::RegisterIdentifyTicketResult: return handleRegisterIdentifyTicketResult(ex);
    case Endpoint::UploadSnapshot: return handleUploadSnapshot(ex);
    case Endpoint::RequestAuthorization: return handleRequestAuthorization(ex);
    case Endpoint::DownloadPeopleList: return handleDownloadPeopleList(ex);
    case Endpoint::DownloadPeopleListResult: return handleDownloadPeopleListResult(ex);
    case Endpoint::DeletePeopleList: return handleDeletePeopleList(ex);
    case Endpoint::DeletePeopleListResult: return handleDeletePeopleListResult(ex);
    case Endpoint::PushPeople: return handlePushPeople(ex);
    case Endpoint::UploadIdentifyRecord: return handleUploadIdentifyRecord(ex);
    case Endpoint::UploadSystemRecord: return handleUploadSystemRecord(ex);
    case Endpoint::File: return handleFile(ex, route.fileId);
    }
}

} // namespace

net::BodyPlan RequestRouter::planBody(const net::HttpRequest&) {
    net::BodyPlan plan;
    plan.limit = services_->config.limits.maxBody;
    return plan;
}

net::HttpResponse RequestRouter::tooLarge(const net::HttpRequest& head) {
    const auto declared = head.contentLength();
    const std::string message = declared ? "body of " + std::to_string(*declared) + " bytes is over the limit of " +
                                               std::to_string(services_->config.limits.maxBody) + " bytes"
                                         : "body is over the limit of " +
                                               std::to_string(services_->config.limits.maxBody) + " bytes";
    services_->context.logger().warning("terminal at " + head.peerAddress + " " + head.path().substr(0, 120) +
                                        ": refused (413): " + message);
    const Reply reply = Reply::failure(413, message, 413);
    ReplyOptions options;
    options.gzip = false;
    options.keepAlive = false;  // the body is still on the wire: the server drains it and closes
    return replyOf(head, reply.httpStatus(), "application/json; charset=utf-8", reply.text(), options);
}

namespace {

// An answer after a failure; it may find the terminal gone, which is fine.
void answer(Exchange& ex, const Reply& reply) {
    if (ex.sent()) return;
    try {
        ex.send(reply);
    } catch (const std::exception&) {
        // Nothing more to do for this terminal.
    }
}

} // namespace

void RequestRouter::handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) {
    const std::optional<Route> route = findRoute(request.target);
    Exchange ex(request, std::move(responder), *services_, route ? std::optional(route->endpoint) : std::nullopt);
    try {
        if (!route) throw ProtocolError::notFound("no such endpoint: " + request.target);
        dispatch(ex, *route);
        if (!ex.sent()) ex.send(Reply::ok());
    } catch (...) {
        answer(ex, failureReply(std::current_exception(), services_->context.logger(), ex.who()));
    }
}

} // namespace passway::httpv2
