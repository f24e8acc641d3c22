#include "wire/WebSocketCodec.h"

#include "wire/JsonStreamSplitter.h"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA1Engine.h>
#include <Poco/String.h>

#include <sstream>

namespace passway::tcpjson {

namespace {

constexpr const char* kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

std::string headerValue(std::string_view block, const std::string& name) {
    std::size_t pos = block.find("\r\n");
    while (pos != std::string_view::npos && pos + 2 < block.size()) {
        const std::size_t start = pos + 2;
        const std::size_t end = block.find("\r\n", start);
        const std::string_view line = block.substr(start, end == std::string_view::npos ? end : end - start);
        const std::size_t colon = line.find(':');
        if (colon != std::string_view::npos &&
            Poco::icompare(std::string(line.substr(0, colon)), name) == 0) {
            return Poco::trim(std::string(line.substr(colon + 1)));
        }
        pos = end;
    }
    return {};
}

bool containsToken(const std::string& value, const std::string& token) {
    std::istringstream in(value);
    std::string part;
    while (std::getline(in, part, ',')) {
        if (Poco::icompare(Poco::trim(part), token) == 0) return true;
    }
    return false;
}

std::string frameHeader(WsOpcode opcode, std::size_t size, bool masked) {
    std::string out;
    out.push_back(static_cast<char>(0x80 | static_cast<std::uint8_t>(opcode)));
    const char maskBit = masked ? static_cast<char>(0x80) : 0;
    if (size < 126) {
        out.push_back(static_cast<char>(maskBit | static_cast<char>(size)));
    } else if (size <= 0xffff) {
        out.push_back(static_cast<char>(maskBit | 126));
        out.push_back(static_cast<char>(size >> 8));
        out.push_back(static_cast<char>(size & 0xff));
    } else {
        out.push_back(static_cast<char>(maskBit | 127));
        for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((size >> shift) & 0xff));
    }
    return out;
}

} // namespace

std::optional<WebSocketHandshake> WebSocketHandshake::parse(std::string_view received, std::size_t maxHeaderBytes) {
    const std::size_t end = received.find("\r\n\r\n");
    if (end == std::string_view::npos) {
        if (received.size() > maxHeaderBytes) throw FramingError("HTTP header block too large");
        return std::nullopt;
    }
    const std::string_view block = received.substr(0, end + 2);
    const std::string_view requestLine = block.substr(0, block.find("\r\n"));
    if (requestLine.substr(0, 4) != "GET ") throw FramingError("only GET can open a WebSocket");
    WebSocketHandshake handshake;
    const std::size_t pathEnd = requestLine.find(' ', 4);
    handshake.path = std::string(requestLine.substr(4, pathEnd == std::string_view::npos ? pathEnd : pathEnd - 4));
    if (!containsToken(headerValue(block, "Upgrade"), "websocket")) {
        throw FramingError("not a WebSocket upgrade request (no Upgrade: websocket)");
    }
    handshake.key = headerValue(block, "Sec-WebSocket-Key");
    handshake.origin = headerValue(block, "Origin");
    if (handshake.key.empty()) throw FramingError("no Sec-WebSocket-Key");
    handshake.headerBytes = end + 4;
    return handshake;
}

std::string WebSocketHandshake::acceptKey(const std::string& key) {
    Poco::SHA1Engine sha1;
    sha1.update(key + kGuid);
    const auto& digest = sha1.digest();
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
    encoder.close();
    return out.str();
}

std::string WebSocketHandshake::accept() const {
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
           "Sec-WebSocket-Accept: " + acceptKey(key) + "\r\n\r\n";
}

bool WebSocketHandshake::originAllowed(const std::string& origin, const std::vector<std::string>& allowed) {
    if (origin.empty()) return true;
    for (const auto& entry : allowed) {
        if (entry == "*" || Poco::icompare(entry, origin) == 0) return true;
    }
    return false;
}

std::string WebSocketHandshake::refusal(const std::string& reason, int status) {
    const std::string body = "{\"code\":-1,\"message\":\"" + reason + "\"}";
    return "HTTP/1.1 " + std::to_string(status) + (status == 403 ? " Forbidden" : " Bad Request") + "\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

void WebSocketDecoder::feed(std::string_view bytes, std::vector<WsMessage>& out) {
    pending_.append(bytes);
    std::size_t pos = 0;
    for (;;) {
        const std::size_t available = pending_.size() - pos;
        if (available < 2) break;
        const auto b0 = static_cast<std::uint8_t>(pending_[pos]);
        const auto b1 = static_cast<std::uint8_t>(pending_[pos + 1]);
        if (b0 & 0x70) throw FramingError("WebSocket frame with reserved bits set");
        const bool fin = b0 & 0x80;
        const auto opcode = static_cast<WsOpcode>(b0 & 0x0f);
        const bool masked = b1 & 0x80;
        std::uint64_t length = b1 & 0x7f;
        std::size_t header = 2;
        if (length == 126) {
            if (available < 4) break;
            length = (static_cast<std::uint8_t>(pending_[pos + 2]) << 8) | static_cast<std::uint8_t>(pending_[pos + 3]);
            header = 4;
        } else if (length == 127) {
            if (available < 10) break;
            length = 0;
            for (int i = 0; i < 8; ++i) length = (length << 8) | static_cast<std::uint8_t>(pending_[pos + 2 + i]);
            header = 10;
        }
        if (length > maxMessageBytes_ || fragments_.size() + length > maxMessageBytes_) {
            throw FramingError("WebSocket message exceeds the limit of " + std::to_string(maxMessageBytes_) + " bytes");
        }
        const std::size_t maskOffset = header;
        if (masked) header += 4;
        if (available < header + length) break;
        std::string payload = pending_.substr(pos + header, static_cast<std::size_t>(length));
        if (masked) {
            for (std::size_t i = 0; i < payload.size(); ++i) payload[i] ^= pending_[pos + maskOffset + (i & 3)];
        }
        pos += header + static_cast<std::size_t>(length);

        switch (opcode) {
        case WsOpcode::Close:
        case WsOpcode::Ping:
        case WsOpcode::Pong:
            if (!fin || length > 125) throw FramingError("malformed WebSocket control frame");
            out.push_back({opcode, std::move(payload)});
            break;
        case WsOpcode::Text:
        case WsOpcode::Binary:
            if (fragmented_) throw FramingError("WebSocket data frame inside a fragmented message");
            if (fin) {
                out.push_back({opcode, std::move(payload)});
            } else {
                fragmented_ = true;
                fragmentCount_ = 1;
                fragmentOpcode_ = opcode;
                fragments_ = std::move(payload);
            }
            break;
        case WsOpcode::Continuation:
            if (!fragmented_) throw FramingError("WebSocket continuation without a message");
            if (++fragmentCount_ > kMaxFragments) {
                throw FramingError("WebSocket message in more than " + std::to_string(kMaxFragments) + " frames");
            }
            fragments_.append(payload);
            if (fin) {
                out.push_back({fragmentOpcode_, std::move(fragments_)});
                fragments_.clear();
                fragmented_ = false;
            }
            break;
        default: throw FramingError("unknown WebSocket opcode " + std::to_string(static_cast<int>(opcode)));
        }
    }
    pending_.erase(0, pos);
}

std::string encodeWebSocketFrame(WsOpcode opcode, std::string_view payload) {
    std::string out = frameHeader(opcode, payload.size(), false);
    out.append(payload);
    return out;
}

std::string encodeMaskedWebSocketFrame(WsOpcode opcode, std::string_view payload, std::uint32_t mask) {
    std::string out = frameHeader(opcode, payload.size(), true);
    const char key[4] = {static_cast<char>(mask >> 24), static_cast<char>(mask >> 16), static_cast<char>(mask >> 8),
                         static_cast<char>(mask)};
    out.append(key, 4);
    const std::size_t start = out.size();
    out.append(payload);
    for (std::size_t i = 0; i < payload.size(); ++i) out[start + i] ^= key[i & 3];
    return out;
}

} // namespace passway::tcpjson
