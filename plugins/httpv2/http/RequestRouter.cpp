#include "http/RequestRouter.h"

#include "handlers/Handlers.h"
#include "http/Exchange.h"
#include "http/Routes.h"
#include "wire/ProtocolError.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/NetException.h>

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

class Httpv2RequestHandler final : public Poco::Net::HTTPRequestHandler {
public:
    Httpv2RequestHandler(std::shared_ptr<Services> services, std::optional<Route> route)
        : services_(std::move(services)), route_(std::move(route)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        Poco::Logger& log = services_->context.logger();
        Exchange ex(request, response, *services_, route_ ? std::optional(route_->endpoint) : std::nullopt);
        try {
            if (!route_) {
                ex.body();  // read and dropped, so the connection stays usable
                throw ProtocolError::notFound("no such endpoint: " + request.getURI());
            }
            dispatch(ex, *route_);
            if (!ex.sent()) ex.send(Reply::ok());
        } catch (const ProtocolError& e) {
            // Pending and disabled terminals are refused at every keepalive: not worth a warning each time.
            if (e.success() == 401 || e.success() == 403) {
                if (log.debug()) log.debug(ex.who() + ": " + e.what());
            } else {
                log.warning(ex.who() + ": refused (" + std::to_string(e.success()) + "): " + e.what());
            }
            answer(ex, Reply::failure(e.success(), e.what(), e.httpStatus()));
        } catch (const HostError& e) {
            // Transient: the terminal retries (the document: after 10 s, records are kept until acknowledged).
            log.error(ex.who() + ": host error: " + e.what());
            answer(ex, Reply::failure(0, "the server cannot store this now; retry later"));
        } catch (const Poco::Net::NetException& e) {
            // The terminal went away mid-request; nobody to answer.
            if (log.debug()) log.debug(ex.who() + ": connection lost: " + e.displayText());
        } catch (const Poco::TimeoutException& e) {
            log.warning(ex.who() + ": timed out reading the request");
        } catch (const Poco::Exception& e) {
            log.error(ex.who() + ": " + e.displayText());
            answer(ex, Reply::failure(500, "internal error", 500));
        } catch (const std::exception& e) {
            log.error(ex.who() + ": " + e.what());
            answer(ex, Reply::failure(500, "internal error", 500));
        }
    }

private:
    // An answer after a failure; the connection may already be gone.
    void answer(Exchange& ex, const Reply& reply) {
        if (ex.sent()) return;
        try {
            ex.send(reply);
        } catch (const std::exception&) {
            // Nothing more to do for this terminal.
        }
    }

    std::shared_ptr<Services> services_;
    std::optional<Route> route_;
};

} // namespace

Poco::Net::HTTPRequestHandler* RequestRouter::createRequestHandler(const Poco::Net::HTTPServerRequest& request) {
    return new Httpv2RequestHandler(services_, findRoute(request.getURI()));
}

} // namespace passway::httpv2
