#pragma once

#include "net/AllowedNetworks.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace Poco::Util {
class AbstractConfiguration;
}

namespace passway {
class Metrics;
}

namespace passway::net {

// One listener of the event-driven HTTP server: where it listens and every
// bound a connection lives under. The defaults are the `net.*` keys'
// (README, "Network front"); readNetDefaults() applies a configuration.
struct HttpServerOptions {
    std::string name = "http";               // for logs and metrics: "admin", "plugin.httpv2"
    std::string address = "0.0.0.0";
    std::uint16_t port = 0;                  // 0: any free port
    bool tls = false;
    std::string certificateFile, privateKeyFile, caFile;  // PEM; caFile: client certificates required

    int ioThreads = 2;                       // net.io_threads: threads that hold every connection, each its share
    int workers = 16;                        // handler threads
    std::size_t queue = 256;                 // requests waiting for a worker; beyond: 503

    std::chrono::seconds headerTimeout{10};  // net.header_timeout_s: from the first byte to the end of the head
    std::chrono::seconds bodyTimeout{10};    // net.body_timeout_s: a body's grace before the rate counts
    std::size_t bodyMinRate = 1024;          // net.body_min_bytes_per_s: after the grace, at least this fast
    std::chrono::seconds idleTimeout{60};    // idle keep-alive connection closed after this
    std::chrono::seconds writeTimeout{30};   // net.write_timeout_s: an answer not taken by the client
    std::size_t maxHeaderBytes = 16384;      // net.max_header_bytes: request line + fields
    std::size_t maxHeaderCount = 100;        // net.max_header_count
    std::size_t maxConnections = 60000;      // net.max_connections: per listener
    std::size_t maxConnectionsPerSource = 2000;  // net.max_connections_per_source: per listener and client address
    std::size_t keptReadBuffers = 32u << 20;  // net.kept_read_buffers_mb: upload-sized read buffers kept between requests
    AllowedNetworks allowedNetworks;         // plugin.<id>.allowed_networks: others are closed at accept, unread

    Metrics* metrics = nullptr;              // limits and connections counted here when set
};

// Fills the `net.*` keys (the host-wide defaults of every listener) into `options`.
void readNetDefaults(const Poco::Util::AbstractConfiguration& config, HttpServerOptions& options);

} // namespace passway::net
