#include "http/Exchange.h"

#include "http/ReplySender.h"
#include "wire/BodyReader.h"
#include "wire/Gzip.h"
#include "wire/ProtocolError.h"
#include "wire/TolerantJson.h"

#include <Poco/String.h>

#include <chrono>
#include <stdexcept>
#include <regex>

namespace passway::httpv2 {

namespace {

std::int64_t unixMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

} // namespace

Exchange::Exchange(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder, Services& services,
                   std::optional<Endpoint> endpoint)
    : request_(request),
      responder_(std::move(responder)),
      services_(services),
      where_(endpoint ? std::string(endpointPath(*endpoint)) : request.target.substr(0, 120)),
      nowMs_(unixMillis()) {}

const std::string& Exchange::body() {
    if (body_) return *body_;
    body_ = decodeBody(std::move(request_.body), request_.header("Content-Encoding"), config().limits.maxInflated);
    return *body_;
}

Poco::JSON::Object::Ptr Exchange::json() {
    const std::string& text = body();
    if (looksGzipped(text)) return parseJsonObject(gunzip(text, config().limits.maxInflated), "the body");
    return parseJsonObject(text, "the body");
}

const MultipartForm& Exchange::form() {
    if (form_) return *form_;
    const std::string boundary = MultipartForm::boundaryOf(request_.contentType());
    if (boundary.empty()) {
        throw ProtocolError::unsupportedMedia("expected multipart/form-data with a boundary, got '" +
                                              request_.contentType() + "'");
    }
    form_ = MultipartForm::parse(body(), boundary);
    return *form_;
}

std::string Exchange::formText(std::initializer_list<std::string_view> names) {
    return form().field(names, config().limits.maxInflated);
}

Poco::JSON::Object::Ptr Exchange::formJson(std::initializer_list<std::string_view> names, std::string* raw) {
    const FormPart* part = form().find(names);
    if (!part) {
        std::string list;
        for (const auto name : names) list += (list.empty() ? "" : " or ") + std::string(name);
        throw ProtocolError::badRequest("the form has no " + list + " part");
    }
    std::string text = MultipartForm::decoded(*part, config().limits.maxInflated);
    auto object = parseJsonObject(text, part->name);
    if (raw) *raw = std::move(text);
    return object;
}

std::optional<std::string> Exchange::formFile(std::initializer_list<std::string_view> names) {
    const FormPart* part = form().find(names);
    if (!part || part->body.empty()) return std::nullopt;
    if (part->contentEncoding == "gzip") return MultipartForm::decoded(*part, config().limits.maxInflated, false);
    return std::string(part->body);
}

std::string Exchange::serialOf(const JsonFields& fields) {
    return Poco::trim(fields.text({"SN", "DeviceSN"}).value_or(""));
}

std::shared_ptr<DeviceEntry> Exchange::identify(const std::string& serial) {
    serial_ = serial;
    if (serial.empty()) {
        throw ProtocolError(200, 400, "Connected to server, but SN does not comply with platform rules (no SN)");
    }
    if (!std::regex_match(serial, config().serialPattern)) {
        throw ProtocolError(200, 400, "Connected to server, but SN does not comply with platform rules");
    }
    // Terminal identity (the host's rules): the certificate bound to the SN
    // before the SN is registered, the address it is known by before its
    // contact counts.
    const Peer peer{clientAddress(), request_.peerCertificate};
    auto& identity = services_.context.devices();
    if (const auto verdict = identity.checkContact(0, serial, peer); !verdict.allowed()) {
        throw ProtocolError(200, 403, "Connected to server, but device identity is refused: " + verdict.reason);
    }
    auto device = services_.devices.obtain(serial);
    const auto verdict = identity.checkContact(device->id, serial, peer);
    if (verdict.kind == ContactVerdict::Kind::Gone) {
        services_.devices.refresh(device->id);  // removed meanwhile: the next request registers it anew
        throw HostError(HostError::Kind::Unavailable, "the terminal was removed meanwhile");
    }
    if (!verdict.allowed()) {
        throw ProtocolError(200, 403, "Connected to server, but device identity is refused: " + verdict.reason);
    }
    services_.devices.touch(*device, clientAddress(), nowMs_);
    return device;
}

void Exchange::admit(const DeviceEntry& device) {
    DeviceState state;
    {
        std::lock_guard lock(device.mutex);
        state = device.state;
    }
    if (state == DeviceState::Pending) {
        throw ProtocolError(200, 401, "Connected to server, but device is not activated");
    }
    if (state == DeviceState::Disabled) {
        throw ProtocolError(200, 403, "Connected to server, but device is disabled");
    }
}

std::shared_ptr<DeviceEntry> Exchange::activeDevice(const std::string& serial) {
    auto device = identify(serial);
    admit(*device);
    return device;
}

std::string Exchange::baseUrl() const {
    if (!config().publicUrl.empty()) return config().publicUrl;
    return std::string(config().tls ? "https://" : "http://") + request_.host();
}

std::string Exchange::clientAddress() const { return request_.peerAddress; }

std::string Exchange::who() const {
    return (serial_.empty() ? std::string("terminal at ") + clientAddress() : "SN " + serial_) + " " + where_;
}

LaterAnswer Exchange::answerLater() {
    if (sent_) throw std::logic_error("answerLater: " + who() + " was answered already");
    sent_ = true;
    return LaterAnswer(responder_, config().replyGzip && acceptsGzip(request_), config().replyGzipMinBytes, who());
}

void Exchange::send(const Reply& reply) {
    sendBytes(reply.httpStatus(), "application/json; charset=utf-8", reply.text());
}

void Exchange::sendBytes(int httpStatus, const std::string& contentType, const std::string& bytes) {
    if (sent_) return;
    sent_ = true;
    ReplyOptions options;
    options.gzip = config().replyGzip && contentType.rfind("application/json", 0) == 0;
    options.gzipMinBytes = config().replyGzipMinBytes;
    responder_->send(replyOf(request_, httpStatus, contentType, bytes, options));
}

} // namespace passway::httpv2
