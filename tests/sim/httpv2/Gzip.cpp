#include "sim/httpv2/Gzip.h"

#include <zlib.h>

#include <stdexcept>

namespace passway::sim::httpv2 {

namespace {

// One deflate state per thread, reset between uses.
class Deflater {
public:
    Deflater() {
        // windowBits 15 + 16: write a gzip header and trailer instead of zlib's.
        if (deflateInit2(&stream_, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
            throw std::runtime_error("deflateInit2 failed");
        }
    }
    ~Deflater() { deflateEnd(&stream_); }
    Deflater(const Deflater&) = delete;
    Deflater& operator=(const Deflater&) = delete;

    std::string run(std::string_view data) {
        deflateReset(&stream_);
        std::string out;
        out.resize(deflateBound(&stream_, static_cast<uLong>(data.size())) + 32);
        stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        stream_.avail_in = static_cast<uInt>(data.size());
        stream_.next_out = reinterpret_cast<Bytef*>(out.data());
        stream_.avail_out = static_cast<uInt>(out.size());
        if (deflate(&stream_, Z_FINISH) != Z_STREAM_END) throw std::runtime_error("deflate did not finish");
        out.resize(out.size() - stream_.avail_out);
        return out;
    }

private:
    z_stream stream_{};
};

}  // namespace

std::string gzip(std::string_view data) {
    thread_local Deflater deflater;
    return deflater.run(data);
}

std::string gunzip(std::string_view data, std::size_t maxBytes) {
    z_stream stream{};
    // 15 + 32: accept a gzip or a zlib header.
    if (inflateInit2(&stream, 15 + 32) != Z_OK) throw std::runtime_error("inflateInit2 failed");
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char buffer[16384];
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        stream.next_out = reinterpret_cast<Bytef*>(buffer);
        stream.avail_out = sizeof buffer;
        rc = inflate(&stream, Z_NO_FLUSH);
        if (rc != Z_OK && rc != Z_STREAM_END) {
            inflateEnd(&stream);
            throw std::runtime_error(std::string("corrupt gzip stream: ") + (stream.msg ? stream.msg : "truncated"));
        }
        out.append(buffer, sizeof buffer - stream.avail_out);
        if (out.size() > maxBytes) {
            inflateEnd(&stream);
            throw std::runtime_error("gzip stream inflates beyond the limit");
        }
        if (rc == Z_OK && stream.avail_in == 0 && stream.avail_out != 0) {
            inflateEnd(&stream);
            throw std::runtime_error("truncated gzip stream");
        }
    }
    inflateEnd(&stream);
    return out;
}

}  // namespace passway::sim::httpv2
