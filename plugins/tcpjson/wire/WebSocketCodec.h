#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passway::tcpjson {

// Seed 001 says the exchange "may follow websocket": a terminal may open the
// connection with an HTTP Upgrade request and then send each JSON object in
// text frames (RFC 6455). These are the pieces the connection needs of it.

// The opening handshake. parse() takes the bytes received so far; nullopt
// while the header block is incomplete. Throws FramingError for a request
// that is not a WebSocket upgrade (the answer is then `refusal()`).
struct WebSocketHandshake {
    std::string path;
    std::string key;             // Sec-WebSocket-Key
    std::string origin;          // Origin: sent by browsers, not by terminals ("" = none)
    std::size_t headerBytes = 0; // consumed bytes, header block included

    static std::optional<WebSocketHandshake> parse(std::string_view received, std::size_t maxHeaderBytes);
    // The 101 answer with Sec-WebSocket-Accept.
    std::string accept() const;
    static std::string refusal(const std::string& reason, int status = 400);
    // Whether a browser's Origin is among `allowed` (plugin.tcpjson.allowed_origins:
    // exact, case-insensitive; "*" allows any). No Origin at all is a terminal: allowed.
    static bool originAllowed(const std::string& origin, const std::vector<std::string>& allowed);
    static std::string acceptKey(const std::string& key);
};

enum class WsOpcode : std::uint8_t { Continuation = 0, Text = 1, Binary = 2, Close = 8, Ping = 9, Pong = 10 };

struct WsMessage {
    WsOpcode opcode = WsOpcode::Text;  // Text/Binary for data (continuations joined), else the control opcode
    std::string payload;
};

// Decodes client frames (masked, as RFC 6455 requires of clients; unmasked
// frames are accepted too, some embedded stacks forget it) and joins
// fragments. Throws FramingError on a malformed frame or one above the limit.
class WebSocketDecoder {
public:
    // A message in more frames than this is refused: each costs a step for
    // no byte (empty continuations), terminals send one frame per object.
    static constexpr std::size_t kMaxFragments = 1024;

    explicit WebSocketDecoder(std::size_t maxMessageBytes) : maxMessageBytes_(maxMessageBytes) {}
    void feed(std::string_view bytes, std::vector<WsMessage>& out);

private:
    std::size_t maxMessageBytes_;
    std::string pending_;      // bytes of an incomplete frame
    std::string fragments_;    // data of a fragmented message
    bool fragmented_ = false;
    std::size_t fragmentCount_ = 0;
    WsOpcode fragmentOpcode_ = WsOpcode::Text;
};

// One unmasked server frame.
std::string encodeWebSocketFrame(WsOpcode opcode, std::string_view payload);
// A client frame, masked with `mask` (the simulator's side).
std::string encodeMaskedWebSocketFrame(WsOpcode opcode, std::string_view payload, std::uint32_t mask);

} // namespace passway::tcpjson
