#pragma once

// The requests of the HTTPv2 document, built byte for byte: headers in the
// order of its examples, JSON bodies (optionally gzipped whole), and the
// multipart bodies of records, authorization, snapshots, registration results
// and pushed people.

#include "sim/httpv2/HttpMessage.h"
#include "sim/httpv2/RecordSpec.h"
#include "sim/httpv2/WireOptions.h"

#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>

namespace passway::sim::httpv2 {

class WireFormat {
public:
    explicit WireFormat(WireOptions options = {}) : options_(std::move(options)) {}

    const WireOptions& options() const { return options_; }

    // POST <path> with a JSON body (gzipped whole when options say so).
    HttpRequest json(const std::string& path, const std::string& jsonText) const;
    HttpRequest json(const std::string& path, const Poco::JSON::Object::Ptr& object) const;
    // POST <path> with a finished multipart body.
    HttpRequest multipart(const std::string& path, const Multipart& builder, std::string body) const;
    // GET <path> (photo, firmware and file downloads).
    HttpRequest get(const std::string& path) const;

    // The RecordDetail JSON text in the order of the document's example.
    static std::string recordDetail(const RecordSpec& record);
    // A multipart part that carries JSON: gzipped with Content-Encoding: gzip
    // and Content-Type: application/octet-stream, or plain text.
    void jsonPart(Multipart& builder, const std::string& name, const std::string& jsonText) const;

    // /Record/UploadIdentifyRecord or /Device/RequestAuthorization: SN, detail, photo.
    HttpRequest record(const std::string& path, const std::string& sn, const RecordSpec& record) const;
    // /Device/UploadSnapshoot: SN and the camera's JPEG.
    // /Device/UploadSnapshoot, or with `path` another endpoint (the table's
    // RegisterIdentifyTicketResult): SN and Photo either way.
    HttpRequest snapshot(const std::string& sn, std::string_view jpeg,
                         const std::string& path = "/Device/UploadSnapshoot") const;
    // /Device/RegisterIdentifyTicketResult: ResultJson and an optional Photo.
    HttpRequest registerResult(const Poco::JSON::Object::Ptr& result, std::string_view jpeg) const;
    // /People/PushPeople: SN, PushType, Detail (absent for a person the terminal does not hold), Photo, UserID.
    HttpRequest pushPeople(const std::string& sn, int pushType, const std::string& userId,
                           const Poco::JSON::Object::Ptr& detail, std::string_view jpeg) const;

    static std::string stringify(const Poco::JSON::Object::Ptr& object);

private:
    HeaderList baseHeaders() const;
    void photoPart(Multipart& builder, std::string_view jpeg) const;

    WireOptions options_;
};

}  // namespace passway::sim::httpv2
