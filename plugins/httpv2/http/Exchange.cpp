#include "http/Exchange.h"

#include "http/ReplySender.h"
#include "wire/BodyReader.h"
#include "wire/Gzip.h"
#include "wire/ProtocolError.h"
#include "wire/TolerantJson.h"

#include <Poco/String.h>

#include <chrono>
#include <regex>

namespace passway::httpv2 {

namespace {

std::int64_t unixMillis() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// At most this much of a refused body is read and dropped so the answer
// reaches the terminal (see discardBody()).
constexpr std::size_t kMaxDrainBytes = 256u << 20;

} // namespace

Exchange::Exchange(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response,
                   Services& services, std::optional<Endpoint> endpoint)
    : request_(request),
      response_(response),
      services_(services),
      where_(endpoint ? std::string(endpointPath(*endpoint)) : request.getURI().substr(0, 120)),
      nowMs_(unixMillis()) {}

const std::string& Exchange::body() {
    if (body_) return *body_;
    const auto& limits = config().limits;
    const std::int64_t declared = request_.hasContentLength() ? request_.getContentLength64() : -1;
    try {
        std::string raw = readBody(request_.stream(), declared, limits.maxBody);
        body_ = decodeBody(std::move(raw), request_.get("Content-Encoding", ""), limits.maxInflated);
    } catch (const ProtocolError& e) {
        if (e.httpStatus() == 413 && declared != 0) bodyUnread_ = true;
        throw;
    }
    return *body_;
}

Poco::JSON::Object::Ptr Exchange::json() {
    const std::string& text = body();
    if (looksGzipped(text)) return parseJsonObject(gunzip(text, config().limits.maxInflated), "the body");
    return parseJsonObject(text, "the body");
}

const MultipartForm& Exchange::form() {
    if (form_) return *form_;
    const std::string boundary = MultipartForm::boundaryOf(request_.getContentType());
    if (boundary.empty()) {
        body();  // read it anyway: a keep-alive connection must not keep unread bytes
        throw ProtocolError::unsupportedMedia("expected multipart/form-data with a boundary, got '" +
                                              request_.getContentType() + "'");
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
    auto device = services_.devices.obtain(serial);
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
    std::string host = request_.getHost();
    if (host.empty()) host = request_.serverAddress().toString();
    return std::string(config().tls ? "https://" : "http://") + host;
}

std::string Exchange::clientAddress() const { return request_.clientAddress().host().toString(); }

std::string Exchange::who() const {
    return (serial_.empty() ? std::string("terminal at ") + clientAddress() : "SN " + serial_) + " " + where_;
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
    options.keepAlive = !bodyUnread_;
    sendBody(request_, response_, httpStatus, contentType, bytes, options);
    if (bodyUnread_) {
        // The terminal is still sending what was refused: read it away so it
        // reads the answer instead of a reset connection.
        const std::int64_t declared = request_.hasContentLength() ? request_.getContentLength64() : -1;
        const std::size_t limit = declared > 0 ? std::min<std::size_t>(declared, kMaxDrainBytes) : kMaxDrainBytes;
        discardBody(request_.stream(), limit);
    }
}

} // namespace passway::httpv2
