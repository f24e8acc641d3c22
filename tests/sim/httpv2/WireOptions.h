#pragma once

// How a terminal writes its requests. The defaults follow the document's
// tables and the field facts in PROTOCOL-NOTES.md (whole JSON bodies gzipped);
// each choice the document leaves open is a field here.

#include "sim/httpv2/Multipart.h"

#include <string>

namespace passway::sim::httpv2 {

struct WireOptions {
    bool gzipJson = true;                            // application/json bodies sent with Content-Encoding: gzip
    bool gzipDetail = true;                          // RecordDetail / ResultJson / Detail parts gzipped
    std::string recordDetailField = "RecordDetail";  // the examples say "recordJson"
    std::string photoField = "Photo";                // the examples say "pic"
    std::string photoFilename = "Photo.jpg";         // the record example says "Postman_file.jpg"
    std::string boundary = Multipart::kDocumentBoundary;
    std::string accept = "*/*";  // empty: header left out
    std::string acceptEncoding = "gzip, deflate, br";
    std::string userAgent;  // empty: left out (the FC-8190H says "mongoose 6.18")
    std::string jsonContentType = "application/json; charset=utf-8";

    // The document's examples' spelling: recordJson + pic.
    static WireOptions exampleFieldNames() {
        WireOptions o;
        o.recordDetailField = "recordJson";
        o.photoField = "pic";
        o.photoFilename = "Postman_file.jpg";
        return o;
    }
};

}  // namespace passway::sim::httpv2
