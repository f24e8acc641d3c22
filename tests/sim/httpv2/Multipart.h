#pragma once

// multipart/form-data bodies laid out exactly as the HTTPv2 document's
// examples (a Postman-style boundary, CRLF line ends, a closing "--B--\r\n"):
//
//   ----------------------------506873351428002157394455
//   Content-Disposition: form-data; name="RecordDetail"
//   Content-Encoding: gzip
//   Content-Type: application/octet-stream
//
//   <gzip bytes>
//   ----------------------------506873351428002157394455--

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace passway::sim::httpv2 {

class Multipart {
public:
    using Headers = std::vector<std::pair<std::string, std::string>>;

    // The boundary of the document's examples (26 dashes and 24 digits).
    static constexpr const char* kDocumentBoundary = "--------------------------506873351428002157394455";

    explicit Multipart(std::string boundary = kDocumentBoundary);

    // A text field: Content-Disposition only, like the examples' SN part.
    Multipart& field(const std::string& name, std::string_view value, const Headers& extra = {});
    // A file part: Content-Disposition with a filename, then Content-Type.
    Multipart& file(const std::string& name, const std::string& filename, const std::string& contentType,
                    std::string_view bytes);
    // Closes the body; the builder is empty afterwards.
    std::string finish();

    std::string contentType() const { return "multipart/form-data; boundary=" + boundary_; }
    const std::string& boundary() const { return boundary_; }

private:
    void open(const std::string& disposition, const Headers& headers);

    std::string boundary_;
    std::string body_;
};

}  // namespace passway::sim::httpv2
