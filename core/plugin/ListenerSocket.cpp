#include "plugin/ListenerSocket.h"

#include <Poco/Exception.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SecureServerSocket.h>
#include <Poco/Net/SocketAddress.h>

#include <mutex>
#include <stdexcept>
#include <string>

namespace passway {

namespace {

// A site's terminals reconnect together (after a power cut, at a shift
// change): with 128, a burst of 200 overflowed the queue and the dropped SYNs
// came back only after the kernel's 1 s retransmit. The kernel caps it at
// net.core.somaxconn.
constexpr int kBacklog = 1024;

// OpenSSL is set up once for the process and never torn down: other parts of
// the host (outbound HTTPS) use it too, and listeners come and go with plugins.
void initializeSslOnce() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

Poco::Net::Context::Ptr serverContext(const ListenerSpec& spec) {
    using Poco::Net::Context;
    if (spec.certificateFile.empty() || spec.privateKeyFile.empty())
        throw std::invalid_argument("a TLS listener needs a certificate file and a private key file");
    initializeSslOnce();
    const auto verification = spec.caFile.empty() ? Context::VERIFY_NONE : Context::VERIFY_STRICT;
    Context::Ptr context = new Context(Context::TLS_SERVER_USE, spec.privateKeyFile, spec.certificateFile,
                                       spec.caFile, verification);
    // With client certificates OpenSSL refuses session resumption unless the
    // cache has an id context; terminals reconnect often, so keep the cache.
    context->enableSessionCache(true, "passway");
    return context;
}

} // namespace

Poco::Net::ServerSocket openListenerSocket(const ListenerSpec& spec) {
    const std::string where = spec.address + ":" + std::to_string(spec.port);
    try {
        const Poco::Net::SocketAddress address(spec.address, spec.port);
        Poco::Net::ServerSocket socket = spec.tls ? Poco::Net::SecureServerSocket(serverContext(spec))
                                                  : Poco::Net::ServerSocket();
        // SO_REUSEADDR so a restart does not wait for TIME_WAIT; never
        // SO_REUSEPORT, which would let two listeners share a port silently
        // instead of reporting "address in use".
        socket.bind(address, true, false);
        socket.listen(kBacklog);
        return socket;
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("cannot listen on " + where + (spec.tls ? " (TLS)" : "") + ": " + e.displayText());
    } catch (const std::exception& e) {
        throw std::runtime_error("cannot listen on " + where + (spec.tls ? " (TLS)" : "") + ": " + e.what());
    }
}

} // namespace passway
