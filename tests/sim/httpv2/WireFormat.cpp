#include "sim/httpv2/WireFormat.h"

#include "sim/httpv2/Gzip.h"

#include <Poco/JSONString.h>

#include <sstream>

namespace passway::sim::httpv2 {

namespace {

void member(std::string& out, const char* name, const std::string& text) {
    out += ",\"";
    out += name;
    out += "\":";
    out += Poco::toJSON(text);
}

void member(std::string& out, const char* name, std::int64_t value) {
    out += ",\"";
    out += name;
    out += "\":";
    out += std::to_string(value);
}

}  // namespace

std::string WireFormat::stringify(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

HeaderList WireFormat::baseHeaders() const {
    // The document's examples: Accept, Host (the connection puts it second),
    // Accept-Encoding, Connection, Content-Type, Content-Length (last).
    HeaderList headers;
    if (!options_.accept.empty()) headers.emplace_back("Accept", options_.accept);
    if (!options_.acceptEncoding.empty()) headers.emplace_back("Accept-Encoding", options_.acceptEncoding);
    if (!options_.userAgent.empty()) headers.emplace_back("User-Agent", options_.userAgent);
    headers.emplace_back("Connection", "keep-alive");
    return headers;
}

HttpRequest WireFormat::json(const std::string& path, const std::string& jsonText) const {
    HttpRequest request;
    request.path = path;
    request.headers = baseHeaders();
    request.headers.emplace_back("Content-Type", options_.jsonContentType);
    if (options_.gzipJson) {
        request.headers.emplace_back("Content-Encoding", "gzip");
        request.body = gzip(jsonText);
    } else {
        request.body = jsonText;
    }
    return request;
}

HttpRequest WireFormat::json(const std::string& path, const Poco::JSON::Object::Ptr& object) const {
    return json(path, stringify(object));
}

HttpRequest WireFormat::multipart(const std::string& path, const Multipart& builder, std::string body) const {
    HttpRequest request;
    request.path = path;
    request.headers = baseHeaders();
    request.headers.emplace_back("Content-Type", builder.contentType());
    request.body = std::move(body);
    return request;
}

HttpRequest WireFormat::get(const std::string& path) const {
    HttpRequest request;
    request.method = "GET";
    request.path = path;
    request.headers = baseHeaders();
    return request;
}

std::string WireFormat::recordDetail(const RecordSpec& r) {
    std::string out = "{\"RecordID\":" + std::to_string(r.recordId);
    member(out, "RecordType", r.recordType);
    member(out, "RecordDate", r.recordDate);
    if (!r.userId.empty()) member(out, "UserID", r.userId);
    if (!r.code.empty()) member(out, "Code", r.code);
    member(out, "Name", r.name);
    member(out, "IdentityCard", r.identityCard);
    member(out, "Job", r.job);
    member(out, "Department", r.department);
    member(out, "CardNum", r.cardNum);
    member(out, "QRCode", r.qrCode);
    member(out, "IsEntry", r.isEntry);
    member(out, "BodyTemp", r.bodyTemp);
    member(out, "PhotoLen", static_cast<std::int64_t>(r.photo.size()));
    out += "}";
    return out;
}

void WireFormat::jsonPart(Multipart& builder, const std::string& name, const std::string& jsonText) const {
    if (options_.gzipDetail) {
        builder.field(name, gzip(jsonText),
                      {{"Content-Encoding", "gzip"}, {"Content-Type", "application/octet-stream"}});
    } else {
        builder.field(name, jsonText);
    }
}

void WireFormat::photoPart(Multipart& builder, std::string_view jpeg) const {
    builder.file(options_.photoField, options_.photoFilename, "image/jpeg", jpeg);
}

HttpRequest WireFormat::record(const std::string& path, const std::string& sn, const RecordSpec& record) const {
    Multipart builder(options_.boundary);
    builder.field("SN", sn);
    jsonPart(builder, options_.recordDetailField, recordDetail(record));
    if (!record.photo.empty()) photoPart(builder, record.photo);
    std::string body = builder.finish();
    return multipart(path, builder, std::move(body));
}

HttpRequest WireFormat::snapshot(const std::string& sn, std::string_view jpeg, const std::string& path) const {
    Multipart builder(options_.boundary);
    builder.field("SN", sn);
    if (!jpeg.empty()) builder.file("Photo", "Photo.jpg", "image/jpeg", jpeg);
    std::string body = builder.finish();
    return multipart(path, builder, std::move(body));
}

HttpRequest WireFormat::registerResult(const Poco::JSON::Object::Ptr& result, std::string_view jpeg) const {
    Multipart builder(options_.boundary);
    builder.field("ResultJson", stringify(result));  // the document does not compress this one
    if (!jpeg.empty()) builder.file("Photo", "Photo.jpg", "image/jpeg", jpeg);
    std::string body = builder.finish();
    return multipart("/Device/RegisterIdentifyTicketResult", builder, std::move(body));
}

HttpRequest WireFormat::pushPeople(const std::string& sn, int pushType, const std::string& userId,
                                   const Poco::JSON::Object::Ptr& detail, std::string_view jpeg) const {
    Multipart builder(options_.boundary);
    builder.field("SN", sn);
    builder.field("PushType", std::to_string(pushType));
    builder.field("UserID", userId);
    if (detail) {
        // The PushPeople example: Content-Encoding: gzip and no Content-Type on the Detail part.
        const std::string text = stringify(detail);
        if (options_.gzipDetail) {
            builder.field("Detail", gzip(text), {{"Content-Encoding", "gzip"}});
        } else {
            builder.field("Detail", text);
        }
    }
    if (!jpeg.empty()) builder.file("Photo", "Photo.jpg", "image/jpeg", jpeg);
    std::string body = builder.finish();
    return multipart("/People/PushPeople", builder, std::move(body));
}

}  // namespace passway::sim::httpv2
