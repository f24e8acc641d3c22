#include "wire/Multipart.h"

#include "wire/Gzip.h"
#include "wire/ProtocolError.h"

#include <Poco/String.h>

#include <cctype>

namespace passway::httpv2 {

namespace {

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// The value of parameter `name` in a header value like
// form-data; name="RecordDetail"; filename="a.jpg" (quoted or not).
std::string parameter(std::string_view header, std::string_view name) {
    std::size_t i = 0;
    while (i < header.size()) {
        const std::size_t semicolon = header.find(';', i);
        if (semicolon == std::string_view::npos) return "";
        i = semicolon + 1;
        while (i < header.size() && std::isspace(static_cast<unsigned char>(header[i]))) ++i;
        const std::size_t equals = header.find('=', i);
        if (equals == std::string_view::npos) return "";
        const std::string_view key = trim(header.substr(i, equals - i));
        std::size_t v = equals + 1;
        while (v < header.size() && std::isspace(static_cast<unsigned char>(header[v]))) ++v;
        std::string value;
        if (v < header.size() && header[v] == '"') {
            ++v;
            while (v < header.size() && header[v] != '"') {
                if (header[v] == '\\' && v + 1 < header.size()) ++v;
                value += header[v++];
            }
            i = v + 1;
        } else {
            const std::size_t end = header.find(';', v);
            value = std::string(trim(header.substr(v, end == std::string_view::npos ? std::string_view::npos : end - v)));
            i = end == std::string_view::npos ? header.size() : end;
        }
        if (iequals(key, name)) return value;
    }
    return "";
}

// Reads one header line at `pos` (ending in LF or CRLF); returns the line
// without its end and moves `pos` past it. npos when no line end follows.
std::size_t lineEnd(std::string_view body, std::size_t pos) { return body.find('\n', pos); }

} // namespace

std::string MultipartForm::boundaryOf(std::string_view contentType) {
    return parameter(contentType, "boundary");
}

MultipartForm MultipartForm::parse(std::string_view body, std::string_view boundary) {
    if (boundary.empty()) throw ProtocolError::badRequest("multipart body without a boundary in its Content-Type");
    const std::string delimiter = "--" + std::string(boundary);
    MultipartForm form;

    std::size_t pos = body.find(delimiter);
    if (pos == std::string_view::npos) throw ProtocolError::badRequest("multipart body without its boundary");
    for (;;) {
        pos += delimiter.size();
        if (body.substr(pos, 2) == "--") return form;  // closing delimiter
        // Rest of the delimiter line (transport padding, then CRLF).
        const std::size_t afterDelimiter = lineEnd(body, pos);
        if (afterDelimiter == std::string_view::npos) {
            if (trim(body.substr(pos)).empty()) return form;  // the last delimiter lost its "--": the parts are whole
            throw ProtocolError::badRequest("multipart body is truncated after a boundary");
        }
        pos = afterDelimiter + 1;

        if (form.parts_.size() >= kMaxParts) {
            throw ProtocolError::badRequest("multipart body has more than " + std::to_string(kMaxParts) + " parts");
        }
        FormPart part;
        for (std::size_t lines = 0;; ++lines) {
            if (lines >= kMaxPartHeaders) {
                throw ProtocolError::badRequest("multipart part has more than " + std::to_string(kMaxPartHeaders) +
                                                " header lines");
            }
            const std::size_t end = lineEnd(body, pos);
            if (end == std::string_view::npos) throw ProtocolError::badRequest("multipart part headers are truncated");
            std::string_view line = body.substr(pos, end - pos);
            pos = end + 1;
            if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
            if (line.empty()) break;
            const std::size_t colon = line.find(':');
            if (colon == std::string_view::npos) continue;  // not a header: ignored
            const std::string_view name = trim(line.substr(0, colon));
            const std::string_view value = trim(line.substr(colon + 1));
            if (iequals(name, "Content-Disposition")) {
                part.name = parameter(value, "name");
                part.filename = parameter(value, "filename");
            } else if (iequals(name, "Content-Type")) {
                part.contentType = std::string(value);
            } else if (iequals(name, "Content-Encoding")) {
                part.contentEncoding = Poco::toLower(std::string(value));
            }
        }

        // The part's content ends at the line end before the next delimiter.
        std::size_t next = body.find(delimiter, pos);
        while (next != std::string_view::npos && next > pos && body[next - 1] != '\n') {
            next = body.find(delimiter, next + 1);  // the delimiter text inside content, not at a line start
        }
        if (next == std::string_view::npos) {
            throw ProtocolError::badRequest("multipart body is truncated: part '" + part.name +
                                            "' has no closing boundary");
        }
        std::size_t contentEnd = next;
        if (contentEnd > pos && body[contentEnd - 1] == '\n') --contentEnd;
        if (contentEnd > pos && body[contentEnd - 1] == '\r') --contentEnd;
        part.body = body.substr(pos, contentEnd - pos);
        form.parts_.push_back(std::move(part));
        pos = next;
    }
}

const FormPart* MultipartForm::find(std::initializer_list<std::string_view> names) const {
    for (const auto name : names) {
        for (const auto& part : parts_) {
            if (iequals(part.name, name)) return &part;
        }
    }
    return nullptr;
}

std::string MultipartForm::decoded(const FormPart& part, std::size_t maxInflated, bool sniff) {
    const bool gzipped = part.contentEncoding == "gzip" || part.contentEncoding == "x-gzip" ||
                         part.contentEncoding == "deflate" || (sniff && looksGzipped(part.body));
    if (!gzipped) return std::string(part.body);
    return gunzip(part.body, maxInflated);
}

std::string MultipartForm::field(std::initializer_list<std::string_view> names, std::size_t maxInflated) const {
    const FormPart* part = find(names);
    if (!part) return "";
    return std::string(trim(decoded(*part, maxInflated)));
}

} // namespace passway::httpv2
