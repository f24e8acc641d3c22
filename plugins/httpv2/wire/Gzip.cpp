#include "wire/Gzip.h"

#include "wire/ProtocolError.h"

#include <zlib.h>

#include <stdexcept>

namespace passway::httpv2 {

namespace {

// Owns a z_stream set up for inflating; ends it on every path.
class Inflater {
public:
    Inflater() {
        // 15 + 32: a window of 32 KB, gzip or zlib header detected.
        if (inflateInit2(&stream_, 15 + 32) != Z_OK) throw std::runtime_error("zlib: inflateInit2 failed");
    }
    ~Inflater() { inflateEnd(&stream_); }
    Inflater(const Inflater&) = delete;
    Inflater& operator=(const Inflater&) = delete;
    z_stream& stream() { return stream_; }

private:
    z_stream stream_{};
};

std::string zlibMessage(const z_stream& stream, int code) {
    if (stream.msg) return stream.msg;
    return "zlib error " + std::to_string(code);
}

} // namespace

bool looksGzipped(std::string_view bytes) {
    return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
           static_cast<unsigned char>(bytes[1]) == 0x8b;
}

std::string gunzip(std::string_view compressed, std::size_t maxOutput) {
    if (compressed.empty()) throw ProtocolError::badRequest("gzip content is empty");
    Inflater inflater;
    z_stream& z = inflater.stream();
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    z.avail_in = static_cast<uInt>(compressed.size());

    std::string out;
    out.reserve(std::min<std::size_t>(compressed.size() * 4, maxOutput));
    char buffer[16384];
    for (;;) {
        z.next_out = reinterpret_cast<Bytef*>(buffer);
        z.avail_out = sizeof buffer;
        const int code = inflate(&z, Z_NO_FLUSH);
        const std::size_t produced = sizeof buffer - z.avail_out;
        if (out.size() + produced > maxOutput) {
            throw ProtocolError::tooLarge("gzip content inflates to more than " + std::to_string(maxOutput) + " bytes");
        }
        out.append(buffer, produced);
        if (code == Z_STREAM_END) {
            // Another gzip member may follow (concatenated streams are valid gzip).
            const std::string_view rest(reinterpret_cast<const char*>(z.next_in), z.avail_in);
            if (looksGzipped(rest) && inflateReset(&z) == Z_OK) continue;
            return out;  // trailing bytes that are not a member are ignored, as gzip(1) does
        }
        if (code == Z_BUF_ERROR || (code == Z_OK && z.avail_in == 0 && produced == 0)) {
            throw ProtocolError::badRequest("gzip content is truncated");
        }
        if (code != Z_OK) {
            throw ProtocolError::badRequest("gzip content is corrupt: " + zlibMessage(z, code));
        }
    }
}

std::string gzip(std::string_view plain, int level) {
    z_stream z{};
    // 15 + 16: gzip header and trailer rather than zlib's.
    if (deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
        throw std::runtime_error("zlib: deflateInit2 failed");
    }
    std::string out(deflateBound(&z, static_cast<uLong>(plain.size())) + 32, '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
    z.avail_in = static_cast<uInt>(plain.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    const int code = deflate(&z, Z_FINISH);
    const std::size_t written = out.size() - z.avail_out;
    deflateEnd(&z);
    if (code != Z_STREAM_END) throw std::runtime_error("zlib: deflate did not finish");
    out.resize(written);
    return out;
}

} // namespace passway::httpv2
