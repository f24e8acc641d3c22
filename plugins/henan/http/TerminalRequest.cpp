#include "http/TerminalRequest.h"

#include "passway/Clock.h"
#include "wire/Reply.h"

#include <Poco/Logger.h>

namespace passway::henan {

namespace {
constexpr std::size_t kMaxSerial = 64;
}

std::string TerminalRequest::param(const std::string& name) const {
    const std::string* value = findParam(params, name);
    return value ? *value : std::string();
}

std::int64_t TerminalRequest::code() const {
    const std::string text = param("code");
    try {
        std::size_t used = 0;
        const std::int64_t value = std::stoll(text, &used);
        if (used == text.size()) return value;
    } catch (const std::exception&) {
    }
    throw HenanError(msg::kNoSnOrCode, "code '" + text.substr(0, 32) + "' is missing or not a number");
}

TerminalRequest TerminalRequest::admit(Services& services, const net::HttpRequest& request, FormParams params) {
    TerminalRequest r;
    r.path = request.path();
    r.params = std::move(params);
    r.appid = r.param("appid");
    const auto app = services.config.apps.find(r.appid);
    if (app == services.config.apps.end()) {
        throw HenanError(msg::kUnknownApp, "unknown appid '" + r.appid.substr(0, 64) + "'");
    }
    if (!r.has("sign") || r.param("sign").empty()) throw HenanError(msg::kNoSign, "no sign (appid " + r.appid + ")");
    if (!Signature::verify(r.path, r.params, app->second, r.param("sign"))) {
        throw HenanError(msg::kBadSign, "sign does not match (appid " + r.appid + ", sn " + r.param("sn").substr(0, 64) + ")");
    }
    r.serial = r.param("sn");
    if (r.serial.empty() || r.serial.size() > kMaxSerial) {
        throw HenanError(msg::kNoSnOrCode, "sn is missing or longer than 64 characters");
    }
    if (r.has("version") && !r.param("version").empty()) r.version = r.param("version");
    const Peer peer{request.peerAddress, request.peerCertificate};
    auto& devices = services.context.devices();
    if (const auto verdict = devices.checkContact(0, r.serial, peer); !verdict.allowed()) {
        throw HenanError(msg::kNoMatch, "sn " + r.serial + " refused: " + verdict.reason);
    }
    r.device = devices.obtain(r.serial);
    if (const auto verdict = devices.checkContact(r.device.id, r.serial, peer); !verdict.allowed()) {
        throw HenanError(msg::kNoMatch, "sn " + r.serial + " refused: " + verdict.reason);
    }
    services.contacts.heard(r.device.id, r.serial, request.peerAddress, nowMillis());
    if (r.device.state == DeviceState::Pending) {
        throw HenanError(msg::kNoMatch, "sn " + r.serial + " is waiting for activation on the server");
    }
    if (r.device.state == DeviceState::Disabled) throw HenanError(msg::kNoMatch, "sn " + r.serial + " is disabled");
    r.photoBase = !services.config.publicUrl.empty() ? services.config.publicUrl
                                                     : std::string(request.secure ? "https://" : "http://") + request.host();
    return r;
}

}  // namespace passway::henan
