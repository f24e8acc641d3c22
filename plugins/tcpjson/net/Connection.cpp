#include "net/Connection.h"

#include <Poco/Logger.h>

#include "passway/Clock.h"

#include <Poco/Net/NetException.h>

#include <chrono>

namespace passway::tcpjson {

namespace {

bool isSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

} // namespace

Connection::Connection(std::uint64_t id, Poco::Net::StreamSocket socket, Poco::Net::SocketReactor& reactor,
                       ConnectionEvents& events, const ConnectionLimits& limits)
    : id_(id),
      socket_(std::move(socket)),
      reactor_(reactor),
      events_(events),
      limits_(limits),
      acceptedAtMs_(nowMillis()),
      splitter_(limits.maxObjectBytes),
      wsDecoder_(limits.maxObjectBytes),
      readable_(*this, &Connection::onReadable),
      writable_(*this, &Connection::onWritable),
      error_(*this, &Connection::onError) {
    try {
        peer_ = socket_.peerAddress().toString();
        peerHost_ = socket_.peerAddress().host().toString();
        // An IPv4 client on a dual-stack socket is known by its IPv4 address.
        if (peerHost_.rfind("::ffff:", 0) == 0 && peerHost_.find('.') != std::string::npos) {
            peerHost_ = peerHost_.substr(7);
        }
    } catch (const Poco::Exception&) {
        peer_ = "?";
        peerHost_ = "?";
    }
    socket_.setBlocking(false);
    socket_.setNoDelay(true);
}

Connection::~Connection() = default;

void Connection::attach() {
    reactor_.addEventHandler(socket_, readable_);
    reactor_.addEventHandler(socket_, error_);
}

void Connection::detach() {
    std::lock_guard lock(mutex_);
    finished_ = true;
    reactor_.removeEventHandler(socket_, readable_);
    reactor_.removeEventHandler(socket_, writable_);
    reactor_.removeEventHandler(socket_, error_);
}

bool Connection::webSocket() const {
    std::lock_guard lock(mutex_);
    return mode_ == Mode::WebSocket;
}

void Connection::settleMode(std::int64_t nowMs, std::int64_t graceMs) {
    {
        std::lock_guard lock(mutex_);
        if (mode_ != Mode::Detecting || nowMs - acceptedAtMs_ < graceMs) return;
        try {
            // Bytes the reactor has not read yet (a busy host): they decide, not the clock.
            if (socket_.available() > 0) return;
        } catch (const Poco::Exception&) {
            return;  // the reactor sees the failure and finishes the connection
        }
        mode_ = Mode::Raw;
    }
    events_.opened(shared_from_this());
}

void Connection::onReadable(const Poco::AutoPtr<Poco::Net::ReadableNotification>&) {
    if (finished_) return;
    char buffer[65536];
    int n = 0;
    try {
        n = socket_.receiveBytes(buffer, sizeof buffer);
    } catch (const Poco::TimeoutException&) {
        return;  // spurious wake-up of a non-blocking socket
    } catch (const Poco::Exception& e) {
        finish(reasonOr("read failed: " + e.displayText()));
        return;
    }
    if (n <= 0) {
        finish(reasonOr("closed by the terminal"));
        return;
    }
    if (closing_) return;  // draining: what it says now is not read
    std::vector<std::string> objects;
    bool nowOpen = false;
    try {
        decode(std::string_view(buffer, static_cast<std::size_t>(n)), objects, nowOpen);
    } catch (const FramingError& e) {
        auto self = shared_from_this();
        if (nowOpen) events_.opened(self);
        for (auto& object : objects) events_.received(self, std::move(object));
        const std::string answer = events_.framingError(self, e.what());
        if (!answer.empty()) {
            if (webSocket()) {
                send(answer);
            } else {
                queueRaw(answer);
            }
        }
        close(std::string("protocol error: ") + e.what());
        return;
    }
    auto self = shared_from_this();
    if (nowOpen) events_.opened(self);
    for (auto& object : objects) events_.received(self, std::move(object));
}

void Connection::decode(std::string_view bytes, std::vector<std::string>& objects, bool& nowOpen) {
    Mode mode;
    {
        std::lock_guard lock(mutex_);
        if (mode_ == Mode::Detecting) {
            std::size_t i = 0;
            while (i < bytes.size() && isSpace(bytes[i])) ++i;
            if (i == bytes.size()) return;  // nothing telling yet
            if (bytes[i] == 'G') {
                mode_ = Mode::Handshake;
            } else {
                mode_ = Mode::Raw;
                nowOpen = true;
            }
        }
        mode = mode_;
    }
    if (mode == Mode::Raw) {
        splitter_.feed(bytes, objects);
        return;
    }
    if (mode == Mode::Handshake) {
        handshakeBuffer_.append(bytes);
        std::optional<WebSocketHandshake> handshake;
        try {
            handshake = WebSocketHandshake::parse(handshakeBuffer_, limits_.maxHeaderBytes);
        } catch (const FramingError& e) {
            queueRaw(WebSocketHandshake::refusal(e.what()));
            close(std::string("refused WebSocket handshake: ") + e.what());
            return;
        }
        if (!handshake) return;
        if (!WebSocketHandshake::originAllowed(handshake->origin, limits_.allowedOrigins)) {
            // A browser page elsewhere must not speak for a terminal (cross-site WebSocket).
            const std::string why = "Origin " + handshake->origin.substr(0, 200) +
                                    " is not in plugin.tcpjson.allowed_origins";
            Poco::Logger::get("plugin.tcpjson").warning("connection from " + peer_ + " closed: " + why);
            queueRaw(WebSocketHandshake::refusal("Origin not allowed", 403));
            close("refused WebSocket handshake: " + why);
            return;
        }
        const std::string rest = handshakeBuffer_.substr(handshake->headerBytes);
        handshakeBuffer_.clear();
        handshakeBuffer_.shrink_to_fit();
        queueRaw(handshake->accept());
        {
            std::lock_guard lock(mutex_);
            mode_ = Mode::WebSocket;
        }
        nowOpen = true;
        if (!rest.empty()) decodeWebSocket(rest, objects);
        return;
    }
    decodeWebSocket(bytes, objects);
}

void Connection::decodeWebSocket(std::string_view bytes, std::vector<std::string>& objects) {
    std::vector<WsMessage> messages;
    wsDecoder_.feed(bytes, messages);
    for (auto& message : messages) {
        switch (message.opcode) {
        case WsOpcode::Text:
        case WsOpcode::Binary:
            // A message may hold one object or, from lax clients, several.
            splitter_.feed(message.payload, objects);
            break;
        case WsOpcode::Ping: queueRaw(encodeWebSocketFrame(WsOpcode::Pong, message.payload)); break;
        case WsOpcode::Close:
            queueRaw(encodeWebSocketFrame(WsOpcode::Close, message.payload.substr(0, 2)));
            close("WebSocket closed by the terminal");
            return;
        default: break;
        }
    }
}

bool Connection::send(const std::string& object) {
    if (closing_) return false;
    if (webSocket()) {
        queueRaw(encodeWebSocketFrame(WsOpcode::Text, object));
    } else {
        queueRaw(object);
    }
    return !closing_;
}

void Connection::queueRaw(const std::string& bytes) {
    bool overflow = false;
    {
        std::lock_guard lock(mutex_);
        if (finished_) return;
        output_.append(bytes);
        overflow = output_.size() > limits_.maxOutputBytes;
        if (overflow) {
            output_.clear();
        } else if (!writeWatched_ && !flushLocked()) {
            writeWatched_ = true;
            reactor_.addEventHandler(socket_, writable_);
            reactor_.wakeUp();
        }
    }
    if (overflow) close("output over " + std::to_string(limits_.maxOutputBytes) + " bytes: the terminal does not read");
}

std::string Connection::reasonOr(const std::string& fallback) const {
    std::lock_guard lock(mutex_);
    return closing_ ? closeReason_ : fallback;
}

bool Connection::flushLocked() {
    while (!output_.empty()) {
        int n = 0;
        try {
            n = socket_.sendBytes(output_.data(), static_cast<int>(std::min<std::size_t>(output_.size(), 1 << 20)));
        } catch (const Poco::TimeoutException&) {
            return false;  // EWOULDBLOCK
        } catch (const Poco::Exception&) {
            output_.clear();  // the read side reports the failure
            return true;
        }
        if (n <= 0) return false;
        output_.erase(0, static_cast<std::size_t>(n));
    }
    if (closing_) {
        try {
            socket_.shutdown();
        } catch (const Poco::Exception&) {
        }
    }
    return true;
}

void Connection::onWritable(const Poco::AutoPtr<Poco::Net::WritableNotification>&) {
    std::lock_guard lock(mutex_);
    if (flushLocked() && writeWatched_) {
        writeWatched_ = false;
        reactor_.removeEventHandler(socket_, writable_);
    }
}

void Connection::onError(const Poco::AutoPtr<Poco::Net::ErrorNotification>&) {
    finish(reasonOr("socket error"));
}

void Connection::close(const std::string& reason) {
    std::lock_guard lock(mutex_);
    if (closing_) return;
    closeReason_ = reason;
    closing_ = true;
    if (output_.empty()) {
        try {
            socket_.shutdown();  // the reactor then sees the end and finishes
        } catch (const Poco::Exception&) {
        }
    }
}

void Connection::finish(const std::string& reason) {
    if (finished_) return;
    {
        std::lock_guard lock(mutex_);
        finished_ = true;
        closing_ = true;
        if (writeWatched_) reactor_.removeEventHandler(socket_, writable_);
        writeWatched_ = false;
        output_.clear();
    }
    reactor_.removeEventHandler(socket_, readable_);
    reactor_.removeEventHandler(socket_, error_);
    auto self = shared_from_this();
    events_.closed(self, reason);
    try {
        socket_.close();
    } catch (const Poco::Exception&) {
    }
}

} // namespace passway::tcpjson
