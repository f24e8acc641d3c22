#pragma once

#include "wire/JsonStreamSplitter.h"
#include "wire/WebSocketCodec.h"

#include <Poco/Net/SocketNotification.h>
#include <Poco/Net/SocketReactor.h>
#include <Poco/Net/StreamSocket.h>
#include <Poco/NObserver.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace passway::tcpjson {

class Connection;

// What the connection server reports. Called on the reactor thread: keep it
// short (hand blocking work to the plugin's workers).
class ConnectionEvents {
public:
    virtual ~ConnectionEvents() = default;
    virtual void opened(const std::shared_ptr<Connection>& connection) = 0;
    // One JSON object text, framed (raw stream or WebSocket text message).
    virtual void received(const std::shared_ptr<Connection>& connection, std::string object) = 0;
    // The stream is not what the protocol allows; `errorAnswer` is about to be
    // sent and the connection closed.
    virtual std::string framingError(const std::shared_ptr<Connection>& connection, const std::string& reason) = 0;
    virtual void closed(const std::shared_ptr<Connection>& connection, const std::string& reason) = 0;
};

struct ConnectionLimits {
    std::size_t maxObjectBytes = 1 << 20;
    std::size_t maxHeaderBytes = 8192;
    std::size_t maxOutputBytes = 64u << 20;  // queued output before the peer counts as stuck
    std::vector<std::string> allowedOrigins; // browsers' Origins a WebSocket upgrade may carry (none: only terminals)
};

// One terminal's socket: raw JSON stream or WebSocket (told apart by the
// first bytes: an HTTP GET opens a WebSocket), an input decoder and an
// output buffer. Reads happen on the reactor thread; send() and close() may
// be called from any thread. A send that does not fit the socket buffer is
// kept and written when the socket becomes writable.
class Connection : public std::enable_shared_from_this<Connection> {
public:
    Connection(std::uint64_t id, Poco::Net::StreamSocket socket, Poco::Net::SocketReactor& reactor,
               ConnectionEvents& events, const ConnectionLimits& limits);
    ~Connection();

    std::uint64_t id() const { return id_; }
    const std::string& peer() const { return peer_; }          // "192.0.2.7:50312", for logs
    const std::string& peerHost() const { return peerHost_; }  // "192.0.2.7": who the terminal is (identity)
    bool webSocket() const;
    bool isOpen() const { return !closing_; }

    // Registers with the reactor / unregisters (after the reactor stopped).
    void attach();
    void detach();
    // A terminal that said nothing since `acceptedAtMs` + `graceMs` speaks the
    // raw stream (a WebSocket client sends its upgrade at once); it is then
    // reported opened. Called by the owner's timer.
    void settleMode(std::int64_t nowMs, std::int64_t graceMs);
    std::int64_t acceptedAt() const { return acceptedAtMs_; }
    // Queues one JSON object text. False when the connection is closing or its
    // output is over the limit (it is then closed).
    bool send(const std::string& object);
    // Closes after what was queued is written; `reason` is logged by the owner.
    void close(const std::string& reason);

private:
    enum class Mode { Detecting, Raw, Handshake, WebSocket };

    void onReadable(const Poco::AutoPtr<Poco::Net::ReadableNotification>&);
    void onWritable(const Poco::AutoPtr<Poco::Net::WritableNotification>&);
    void onError(const Poco::AutoPtr<Poco::Net::ErrorNotification>&);
    void decode(std::string_view bytes, std::vector<std::string>& objects, bool& nowOpen);
    void decodeWebSocket(std::string_view bytes, std::vector<std::string>& objects);
    void queueRaw(const std::string& bytes);
    bool flushLocked();          // writes what it can; true when the buffer is empty
    void finish(const std::string& reason);
    std::string reasonOr(const std::string& fallback) const;  // reactor thread: unregister and report closed

    const std::uint64_t id_;
    Poco::Net::StreamSocket socket_;
    Poco::Net::SocketReactor& reactor_;
    ConnectionEvents& events_;
    const ConnectionLimits limits_;
    std::string peer_;
    std::string peerHost_;

    const std::int64_t acceptedAtMs_;
    // Reactor thread only.
    std::string handshakeBuffer_;
    JsonStreamSplitter splitter_;
    WebSocketDecoder wsDecoder_;
    bool finished_ = false;

    mutable std::mutex mutex_;   // mode and output
    Mode mode_ = Mode::Detecting;
    std::string output_;
    bool writeWatched_ = false;
    std::atomic<bool> closing_{false};
    std::string closeReason_;

    Poco::NObserver<Connection, Poco::Net::ReadableNotification> readable_;
    Poco::NObserver<Connection, Poco::Net::WritableNotification> writable_;
    Poco::NObserver<Connection, Poco::Net::ErrorNotification> error_;
};

} // namespace passway::tcpjson
