#include "sim/httpv2/Multipart.h"

namespace passway::sim::httpv2 {

Multipart::Multipart(std::string boundary) : boundary_(std::move(boundary)) {}

void Multipart::open(const std::string& disposition, const Headers& headers) {
    body_ += "--";
    body_ += boundary_;
    body_ += "\r\nContent-Disposition: ";
    body_ += disposition;
    body_ += "\r\n";
    for (const auto& [name, value] : headers) {
        body_ += name;
        body_ += ": ";
        body_ += value;
        body_ += "\r\n";
    }
    body_ += "\r\n";
}

Multipart& Multipart::field(const std::string& name, std::string_view value, const Headers& extra) {
    open("form-data; name=\"" + name + "\"", extra);
    body_.append(value);
    body_ += "\r\n";
    return *this;
}

Multipart& Multipart::file(const std::string& name, const std::string& filename, const std::string& contentType,
                           std::string_view bytes) {
    body_.reserve(body_.size() + bytes.size() + 256);
    open("form-data; name=\"" + name + "\"; filename=\"" + filename + "\"", {{"Content-Type", contentType}});
    body_.append(bytes);
    body_ += "\r\n";
    return *this;
}

std::string Multipart::finish() {
    body_ += "--";
    body_ += boundary_;
    body_ += "--\r\n";
    std::string out = std::move(body_);
    body_.clear();
    return out;
}

}  // namespace passway::sim::httpv2
