#include "http/RequestRouter.h"

#include "handlers/Endpoints.h"
#include "passway/HostError.h"
#include "wire/Form.h"
#include "wire/Reply.h"

#include <Poco/Logger.h>

#include <map>

namespace passway::henan {

namespace {

using Handler = net::HttpResponse (*)(Services&, const TerminalRequest&);

const std::map<std::string, Handler>& routes() {
    static const std::map<std::string, Handler> table{
        {"/device/getServer", getServer},
        {"/device/getDeviceInfo", getDeviceInfo},
        {"/device/setTimeInfo", setTimeInfo},
        {"/person/downloadPersonData", downloadPersonData},
        {"/attendance/uploadAttendance", uploadAttendance},
        {"/person/uploadPerson", uploadPerson},
        {"/person/deletePerson", deletePerson},
        {"/person/setAdmin", setAdmin},
        {"/device/reboot", reboot},
        {"/device/callback", callback},
        {"/device/createOperation", createOperation},
        {"/device/registrationModel", registrationModel},
        {"/device/machineOperation", machineOperation},
    };
    return table;
}

bool isPhotoPath(const std::string& path) {
    const std::string prefix = RequestRouter::kPhotoPrefix;
    if (path.rfind(prefix, 0) != 0 || path.size() != prefix.size() + 64 + 4) return false;
    if (path.compare(path.size() - 4, 4, ".jpg") != 0) return false;
    for (std::size_t i = prefix.size(); i < prefix.size() + 64; ++i) {
        if (!std::isxdigit(static_cast<unsigned char>(path[i]))) return false;
    }
    return true;
}

}  // namespace

net::BodyPlan RequestRouter::planBody(const net::HttpRequest& head) {
    net::BodyPlan plan;
    plan.limit = services_->config.maxBodyBytes;
    const std::string path = head.path();
    if (isPhotoPath(path)) {
        if (head.method != "GET" && head.method != "HEAD") plan.refusal = Reply::refused("use GET for photos");
        plan.limit = 0;
        return plan;
    }
    const auto route = routes().find(path);
    if (route == routes().end()) {
        auto refusal = Reply::refused("no such interface: " + path);
        refusal.status = 404;
        plan.refusal = std::move(refusal);
    } else if (head.method != "POST") {
        auto refusal = Reply::refused("use POST with form parameters");
        refusal.status = 405;
        refusal.headers.set("Allow", "POST");
        plan.refusal = std::move(refusal);
    }
    return plan;
}

net::HttpResponse RequestRouter::tooLarge(const net::HttpRequest& head) {
    services_->context.logger().warning("request to " + head.path() + " from " + head.peerAddress +
                                        " refused: body over " + std::to_string(services_->config.maxBodyBytes) +
                                        " bytes");
    auto r = Reply::refused(msg::kFailed + std::string("：请求超过 ") + std::to_string(services_->config.maxBodyBytes) +
                            " 字节");
    r.status = 413;
    return r;
}

net::HttpResponse RequestRouter::photo(const net::HttpRequest& request) {
    const std::string path = request.path();
    const std::string sha = path.substr(std::string(kPhotoPrefix).size(), 64);
    const auto bytes = services_->context.blobs().get(Poco::toLower(sha));
    if (!bytes) return net::HttpResponse::text(404, "no such photo\n");
    return net::HttpResponse::text(200, *bytes, "image/jpeg");
}

net::HttpResponse RequestRouter::answer(const net::HttpRequest& request, std::string& serial) {
    if (isPhotoPath(request.path())) return photo(request);
    const std::string& target = request.target;
    const auto q = target.find('?');
    FormParams params;
    try {
        if (q != std::string::npos) params = parseForm(target.substr(q + 1));
        auto body = parseForm(request.body);
        params.insert(params.end(), body.begin(), body.end());
    } catch (const std::invalid_argument& e) {
        throw HenanError(msg::kFailed, std::string("form parameters: ") + e.what());
    }
    serial = findParam(params, "sn") ? *findParam(params, "sn") : "";
    if (serial.size() > 64) serial.resize(64);
    auto& s = *services_;
    const TerminalRequest admitted = TerminalRequest::admit(s, request, std::move(params));
    return routes().at(admitted.path)(s, admitted);
}

void RequestRouter::handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) {
    std::string serial;
    auto& log = services_->context.logger();
    const std::string where = "request to " + request.path() + " from " + request.peerAddress;
    try {
        responder->send(answer(request, serial));
    } catch (const HenanError& e) {
        log.warning(where + " refused: " + e.what() + (e.detail().empty() ? "" : " (" + e.detail() + ")"));
        responder->send(Reply::refused(e.what()));
    } catch (const HostError& e) {
        log.error(where + " (SN " + serial + "): " + e.what());
        responder->send(Reply::refused(msg::kFailed));
    } catch (const std::exception& e) {
        log.error(where + " (SN " + serial + ") failed: " + e.what());
        responder->send(Reply::refused(msg::kFailed));
    }
}

}  // namespace passway::henan
