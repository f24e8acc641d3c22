// The tcpjson WebSocket pieces: the opening handshake, then client frames.
// Input: first line = read sizes (as in fuzz_tcpjson_splitter), rest = what
// the client sends: an HTTP upgrade request, then frames.

#include "FuzzInput.h"
#include "wire/JsonStreamSplitter.h"
#include "wire/WebSocketCodec.h"

#include <algorithm>

using namespace passway::tcpjson;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto input = passway::fuzz::splitFirstLine(data, size);
    constexpr std::size_t kMaxHeader = 8 * 1024;
    constexpr std::size_t kMaxMessage = 64 * 1024;
    std::string_view rest = input.body;
    try {
        const auto handshake = WebSocketHandshake::parse(rest, kMaxHeader);
        if (!handshake) return 0;
        if (handshake->headerBytes > rest.size()) __builtin_trap();
        (void)handshake->accept();
        rest.remove_prefix(handshake->headerBytes);
    } catch (const FramingError& e) {
        (void)WebSocketHandshake::refusal(e.what());
        return 0;
    }
    WebSocketDecoder decoder(kMaxMessage);
    passway::fuzz::ChunkSizes sizes(input.header);
    std::vector<WsMessage> messages;
    try {
        while (!rest.empty()) {
            const std::size_t n = std::min(rest.size(), sizes.next());
            decoder.feed(rest.substr(0, n), messages);
            rest.remove_prefix(n);
        }
    } catch (const FramingError&) {
    }
    for (const WsMessage& message : messages) {
        if (message.payload.size() > kMaxMessage) __builtin_trap();
        (void)encodeWebSocketFrame(message.opcode, message.payload);
    }
    return 0;
}
