#include "net/HttpServerOptions.h"

#include <Poco/Util/AbstractConfiguration.h>

#include <algorithm>

namespace passway::net {

void readNetDefaults(const Poco::Util::AbstractConfiguration& config, HttpServerOptions& o) {
    auto positive = [&](const char* key, long long fallback) {
        return std::max<long long>(1, config.getInt64(key, fallback));
    };
    o.ioThreads = static_cast<int>(positive("net.io_threads", o.ioThreads));
    o.headerTimeout = std::chrono::seconds(positive("net.header_timeout_s", o.headerTimeout.count()));
    o.bodyTimeout = std::chrono::seconds(positive("net.body_timeout_s", o.bodyTimeout.count()));
    o.bodyMinRate = static_cast<std::size_t>(positive("net.body_min_bytes_per_s", static_cast<long long>(o.bodyMinRate)));
    o.writeTimeout = std::chrono::seconds(positive("net.write_timeout_s", o.writeTimeout.count()));
    o.maxHeaderBytes = static_cast<std::size_t>(positive("net.max_header_bytes", static_cast<long long>(o.maxHeaderBytes)));
    o.maxHeaderCount = static_cast<std::size_t>(positive("net.max_header_count", static_cast<long long>(o.maxHeaderCount)));
    o.maxConnections = static_cast<std::size_t>(positive("net.max_connections", static_cast<long long>(o.maxConnections)));
    o.maxConnectionsPerSource = static_cast<std::size_t>(
        positive("net.max_connections_per_source", static_cast<long long>(o.maxConnectionsPerSource)));
    o.keptReadBuffers = static_cast<std::size_t>(
                            std::max<long long>(0, config.getInt64("net.kept_read_buffers_mb",
                                                                   static_cast<long long>(o.keptReadBuffers >> 20))))
                        << 20;
}

} // namespace passway::net
