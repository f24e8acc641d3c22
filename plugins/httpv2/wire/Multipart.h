#pragma once

#include <cstddef>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace passway::httpv2 {

// One part of a multipart/form-data body. `body` points into the body the
// form was parsed from, which must outlive the form.
struct FormPart {
    std::string name;              // Content-Disposition name
    std::string filename;          // Content-Disposition filename ("" for fields)
    std::string contentType;       // the part's Content-Type ("" when none)
    std::string contentEncoding;   // the part's Content-Encoding, lower case ("gzip" on compressed details)
    std::string_view body;
};

// multipart/form-data as the terminals send it (records, authorization,
// PushPeople, RegisterIdentifyTicketResult, snapshots): CRLF or bare LF line
// ends, names quoted or not, parts with their own Content-Encoding: gzip.
// A body that ends before its closing boundary is refused: a terminal that
// died mid-upload must not leave half a record.
class MultipartForm {
public:
    // Bounds of the parse, far above what a terminal sends (a record is three
    // parts with three header lines each): beyond them the body is refused.
    static constexpr std::size_t kMaxParts = 64;
    static constexpr std::size_t kMaxPartHeaders = 16;

    // Throws ProtocolError 400 for a body that is not a complete multipart
    // body with this boundary.
    static MultipartForm parse(std::string_view body, std::string_view boundary);

    // The boundary parameter of a multipart Content-Type ("" when none).
    static std::string boundaryOf(std::string_view contentType);

    const std::vector<FormPart>& parts() const { return parts_; }
    // The first part with any of the names (case-insensitive); null when none.
    const FormPart* find(std::initializer_list<std::string_view> names) const;
    // A field's text, trimmed ("" when absent): the document's examples put a
    // space before the SN.
    std::string field(std::initializer_list<std::string_view> names, std::size_t maxInflated) const;
    // A part's content with its Content-Encoding undone (gzip, bounded by
    // `maxInflated`); gzip is also recognised by its magic bytes when `sniff`.
    static std::string decoded(const FormPart& part, std::size_t maxInflated, bool sniff = true);

private:
    std::vector<FormPart> parts_;
};

} // namespace passway::httpv2
