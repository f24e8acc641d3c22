#pragma once

#include "http/LaterAnswer.h"
#include "http/Routes.h"
#include "service/Services.h"
#include "wire/JsonFields.h"
#include "wire/Multipart.h"
#include "wire/Reply.h"

#include "passway/net/HttpHandler.h"

#include <Poco/JSON/Object.h>

#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace passway::httpv2 {

// One request of a terminal and its answer: the body (read by the host's
// server within max_body_bytes) decoded (whole-body gzip, tolerant JSON, multipart with gzip
// parts), the terminal identified and admitted, the answer sent once.
// Handlers throw ProtocolError to refuse; RequestRouter answers it.
class Exchange {
public:
    // `endpoint` is nullopt for a path the plugin does not know.
    Exchange(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder, Services& services,
             std::optional<Endpoint> endpoint);

    Services& services() { return services_; }
    const Httpv2Config& config() const { return services_.config; }
    const net::HttpRequest& request() const { return request_; }
    std::int64_t now() const { return nowMs_; }  // unix ms when the request arrived

    // The body, at most max_body_bytes on the wire (the server refused a
    // larger one before reading it: RequestRouter::tooLarge) and
    // max_inflated_bytes after its Content-Encoding is undone.
    const std::string& body();
    // The body as a JSON object (a gzip body without its header is inflated too).
    Poco::JSON::Object::Ptr json();
    // The body as multipart/form-data.
    const MultipartForm& form();
    // A form field's text, trimmed and inflated ("" when absent).
    std::string formText(std::initializer_list<std::string_view> names);
    // A form part holding a JSON object (gzip'd or not). `raw` receives its
    // text. Throws ProtocolError 400 naming `names` when it is missing.
    Poco::JSON::Object::Ptr formJson(std::initializer_list<std::string_view> names, std::string* raw = nullptr);
    // A file part's bytes (nullopt when absent or empty).
    std::optional<std::string> formFile(std::initializer_list<std::string_view> names);

    // The SN of a JSON body ("SN", or "DeviceSN" as UploadWorkSetting names it).
    static std::string serialOf(const JsonFields& fields);
    // The terminal behind `serial`: the SN pattern is checked (Success 400),
    // an unknown terminal is registered, the contact recorded. Not yet
    // admitted: see admit().
    std::shared_ptr<DeviceEntry> identify(const std::string& serial);
    // Throws ProtocolError Success 401 (pending) or 403 (disabled), HTTP 200,
    // with the document's messages.
    void admit(const DeviceEntry& device);
    // identify() + admit().
    std::shared_ptr<DeviceEntry> activeDevice(const std::string& serial);

    // scheme://host[:port] for URLs the terminal downloads from the plugin.
    std::string baseUrl() const;
    std::string clientAddress() const;
    // "SN FC-8190H24052799 /Device/Keepalive" for logs.
    std::string who() const;

    void send(const Reply& reply);
    void sendBytes(int httpStatus, const std::string& contentType, const std::string& bytes);
    bool sent() const { return sent_; }
    // For an answer given after the handler returned (LaterAnswer); from
    // now on this exchange counts as answered. Throws std::logic_error when
    // it was answered already.
    LaterAnswer answerLater();

private:
    net::HttpRequest& request_;
    std::shared_ptr<net::HttpResponder> responder_;
    Services& services_;
    const std::string where_;  // the endpoint's path, for logs
    const std::int64_t nowMs_;
    std::string serial_;
    std::optional<std::string> body_;
    std::optional<MultipartForm> form_;
    bool sent_ = false;
};

} // namespace passway::httpv2
