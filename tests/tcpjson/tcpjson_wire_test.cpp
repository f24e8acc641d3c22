#include "wire/Envelope.h"
#include "wire/JsonStreamSplitter.h"
#include "wire/WebSocketCodec.h"

#include <boost/test/unit_test.hpp>

using namespace passway::tcpjson;

namespace {

std::vector<std::string> split(JsonStreamSplitter& splitter, const std::vector<std::string>& pieces) {
    std::vector<std::string> out;
    for (const auto& p : pieces) splitter.feed(p, out);
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(stream_splitter)

BOOST_AUTO_TEST_CASE(one_object_byte_by_byte) {
    const std::string text = R"({"mod":"upload_access_info","session_id":"a{b}c","type":1,"access_info":{"x":"\"}"}})";
    JsonStreamSplitter splitter(4096);
    std::vector<std::string> pieces;
    for (char c : text) pieces.emplace_back(1, c);
    const auto out = split(splitter, pieces);
    BOOST_REQUIRE_EQUAL(out.size(), 1u);
    BOOST_CHECK_EQUAL(out[0], text);
    BOOST_CHECK_EQUAL(splitter.buffered(), 0u);
}

BOOST_AUTO_TEST_CASE(several_objects_in_one_read_with_whitespace_between) {
    JsonStreamSplitter splitter(4096);
    const std::string read("{\"a\":1}\r\n  {\"b\":\"}{\"}\n{\"c\":[1,{\"d\":2}]}\0{\"e\":", 45);
    const auto out = split(splitter, {read});
    BOOST_REQUIRE_EQUAL(out.size(), 3u);
    BOOST_CHECK_EQUAL(out[0], "{\"a\":1}");
    BOOST_CHECK_EQUAL(out[1], "{\"b\":\"}{\"}");
    BOOST_CHECK_EQUAL(out[2], "{\"c\":[1,{\"d\":2}]}");
    BOOST_CHECK_GT(splitter.buffered(), 0u);
    std::vector<std::string> rest;
    splitter.feed("5}", rest);
    BOOST_REQUIRE_EQUAL(rest.size(), 1u);
    BOOST_CHECK_EQUAL(rest[0], "{\"e\":5}");
}

BOOST_AUTO_TEST_CASE(escaped_backslash_before_quote_ends_the_string) {
    JsonStreamSplitter splitter(4096);
    const auto out = split(splitter, {R"({"p":"C:\\"})", R"({"q":1})"});
    BOOST_REQUIRE_EQUAL(out.size(), 2u);
    BOOST_CHECK_EQUAL(out[0], R"({"p":"C:\\"})");
}

BOOST_AUTO_TEST_CASE(garbage_between_objects_is_an_error) {
    JsonStreamSplitter splitter(4096);
    std::vector<std::string> out;
    BOOST_CHECK_THROW(splitter.feed("{\"a\":1} hello", out), FramingError);
    BOOST_CHECK_EQUAL(out.size(), 1u);  // what came before is still delivered
    JsonStreamSplitter array(4096);
    BOOST_CHECK_THROW(array.feed("[1,2]", out), FramingError);
}

// fuzz/corpus/fuzz_tcpjson_splitter/crash-ac5b2bd9f34db95f (the fuzzer's
// find): an object whose outermost brace is closed by ']' was handed out.
BOOST_AUTO_TEST_CASE(an_object_closed_by_a_bracket_is_an_error) {
    JsonStreamSplitter splitter(4096);
    std::vector<std::string> out;
    BOOST_CHECK_THROW(splitter.feed("{\"a\":1} {\"b\":2]", out), FramingError);
    BOOST_REQUIRE_EQUAL(out.size(), 1u);
    BOOST_CHECK_EQUAL(out[0], "{\"a\":1}");
    JsonStreamSplitter nested(4096);
    out.clear();
    nested.feed("{\"a\":[1,{\"b\":\"]\"}]}", out);  // brackets inside, and one in a string
    BOOST_REQUIRE_EQUAL(out.size(), 1u);
    BOOST_CHECK_EQUAL(out[0], "{\"a\":[1,{\"b\":\"]\"}]}");
}

BOOST_AUTO_TEST_CASE(an_object_over_the_limit_is_an_error_even_unfinished) {
    JsonStreamSplitter splitter(64);
    std::vector<std::string> out;
    BOOST_CHECK_THROW(splitter.feed("{\"a\":\"" + std::string(100, 'x') + "\"}", out), FramingError);
    JsonStreamSplitter open(64);
    BOOST_CHECK_NO_THROW(open.feed("{\"a\":\"" + std::string(40, 'x'), out));
    BOOST_CHECK_THROW(open.feed(std::string(40, 'x'), out), FramingError);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(websocket)

BOOST_AUTO_TEST_CASE(accept_key_of_rfc6455) {
    BOOST_CHECK_EQUAL(WebSocketHandshake::acceptKey("dGhlIHNhbXBsZSBub25jZQ=="), "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

BOOST_AUTO_TEST_CASE(handshake_waits_for_the_header_block_and_keeps_what_follows) {
    const std::string request = "GET /ws HTTP/1.1\r\nHost: x\r\nupgrade: WebSocket\r\nConnection: Upgrade\r\n"
                                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n";
    BOOST_CHECK(!WebSocketHandshake::parse(request.substr(0, 30), 8192));
    const auto handshake = WebSocketHandshake::parse(request + "\x81", 8192);
    BOOST_REQUIRE(handshake);
    BOOST_CHECK_EQUAL(handshake->path, "/ws");
    BOOST_CHECK_EQUAL(handshake->headerBytes, request.size());
    BOOST_CHECK(handshake->accept().find("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n") != std::string::npos);
    BOOST_CHECK_THROW(WebSocketHandshake::parse("GET / HTTP/1.1\r\nHost: x\r\n\r\n", 8192), FramingError);
    BOOST_CHECK_THROW(WebSocketHandshake::parse(std::string(9000, 'G'), 8192), FramingError);
}

BOOST_AUTO_TEST_CASE(masked_fragmented_and_control_frames) {
    WebSocketDecoder decoder(1 << 20);
    const std::string big(70000, 'a');  // 64-bit length
    std::string bytes = encodeMaskedWebSocketFrame(WsOpcode::Text, "{\"a\":1}", 0x11223344);
    bytes += encodeMaskedWebSocketFrame(WsOpcode::Ping, "hi", 0x55667788);
    // Fragmented: FIN clear on the first frame, continuation with FIN.
    std::string first = encodeMaskedWebSocketFrame(WsOpcode::Text, "{\"b\":", 0x01020304);
    first[0] = static_cast<char>(first[0] & 0x7f);
    bytes += first + encodeMaskedWebSocketFrame(WsOpcode::Continuation, "2}", 0x0a0b0c0d);
    bytes += encodeMaskedWebSocketFrame(WsOpcode::Text, big, 0xdeadbeef);
    std::vector<WsMessage> out;
    for (std::size_t at = 0; at < bytes.size(); at += 7) decoder.feed(bytes.substr(at, 7), out);
    BOOST_REQUIRE_EQUAL(out.size(), 4u);
    BOOST_CHECK_EQUAL(out[0].payload, "{\"a\":1}");
    BOOST_CHECK(out[1].opcode == WsOpcode::Ping);
    BOOST_CHECK_EQUAL(out[1].payload, "hi");
    BOOST_CHECK_EQUAL(out[2].payload, "{\"b\":2}");
    BOOST_CHECK_EQUAL(out[3].payload, big);
}

BOOST_AUTO_TEST_CASE(server_frames_decode_unmasked_and_limits_hold) {
    WebSocketDecoder decoder(100);
    std::vector<WsMessage> out;
    const std::string frame = encodeWebSocketFrame(WsOpcode::Text, std::string(50, 'x'));
    decoder.feed(frame.substr(0, 10), out);
    BOOST_CHECK(out.empty());
    decoder.feed(frame.substr(10), out);
    BOOST_REQUIRE_EQUAL(out.size(), 1u);
    BOOST_CHECK_EQUAL(out[0].payload, std::string(50, 'x'));
    WebSocketDecoder small(100);
    BOOST_CHECK_THROW(small.feed(encodeWebSocketFrame(WsOpcode::Text, std::string(300, 'x')), out), FramingError);
    WebSocketDecoder reserved(100);
    BOOST_CHECK_THROW(reserved.feed(std::string("\xf1\x00", 2), out), FramingError);
}

BOOST_AUTO_TEST_CASE(fragments_depth_and_values_are_bounded) {
    // A message in more frames than kMaxFragments: refused, however small.
    WebSocketDecoder decoder(1 << 20);
    std::vector<WsMessage> out;
    std::string first = encodeMaskedWebSocketFrame(WsOpcode::Text, "{", 1);
    first[0] = static_cast<char>(first[0] & 0x7f);
    std::string empty = encodeMaskedWebSocketFrame(WsOpcode::Continuation, "", 2);
    empty[0] = static_cast<char>(empty[0] & 0x7f);
    std::string bytes = first;
    for (std::size_t i = 1; i < WebSocketDecoder::kMaxFragments; ++i) bytes += empty;
    decoder.feed(bytes, out);
    BOOST_CHECK(out.empty());
    BOOST_CHECK_THROW(decoder.feed(empty, out), FramingError);

    // Nesting and values of one object, before any parser sees it.
    JsonStreamSplitter deep(1 << 20);
    std::vector<std::string> objects;
    BOOST_CHECK_NO_THROW(deep.feed("{\"a\":" + std::string(30, '[') + std::string(30, ']') + "}", objects));
    BOOST_CHECK_EQUAL(objects.size(), 1u);
    BOOST_CHECK_THROW(deep.feed("{\"a\":" + std::string(40, '['), objects), FramingError);
    JsonStreamSplitter wide(1 << 20);
    std::string many = "{\"a\":[";
    for (std::size_t i = 0; i < JsonStreamSplitter::kMaxValues + 10; ++i) many += "0,";
    BOOST_CHECK_THROW(wide.feed(many, objects), FramingError);
    // Brackets and commas inside strings count for nothing.
    JsonStreamSplitter strings(1 << 20);
    objects.clear();
    BOOST_CHECK_NO_THROW(strings.feed("{\"a\":\"" + std::string(100, '[') + "\"}", objects));
    BOOST_CHECK_EQUAL(objects.size(), 1u);
}

BOOST_AUTO_TEST_CASE(origins_of_websocket_upgrades) {
    const std::string request = "GET /ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                "Origin: https://Ops.Example\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
    const auto handshake = WebSocketHandshake::parse(request, 8192);
    BOOST_REQUIRE(handshake);
    BOOST_CHECK_EQUAL(handshake->origin, "https://Ops.Example");
    BOOST_CHECK(WebSocketHandshake::originAllowed(handshake->origin, {"https://ops.example"}));
    BOOST_CHECK(!WebSocketHandshake::originAllowed(handshake->origin, {}));
    BOOST_CHECK(!WebSocketHandshake::originAllowed(handshake->origin, {"https://ops.example.evil"}));
    BOOST_CHECK(WebSocketHandshake::originAllowed(handshake->origin, {"*"}));
    BOOST_CHECK(WebSocketHandshake::originAllowed("", {}));  // no Origin: a terminal
    BOOST_CHECK(WebSocketHandshake::refusal("Origin not allowed", 403).rfind("HTTP/1.1 403 Forbidden\r\n", 0) == 0);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(envelope)

BOOST_AUTO_TEST_CASE(request_and_answer_shapes_follow_the_document) {
    Poco::JSON::Object::Ptr fields = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    fields->set("command_type", 2);
    fields->set("command_value", "test!");
    BOOST_CHECK_EQUAL(Envelope::request("send_user_command", "s-1", fields),
                      R"({"mod":"send_user_command","session_id":"s-1","type":1,"command_type":2,"command_value":"test!"})");
    BOOST_CHECK_EQUAL(Envelope::answer("upload_access_info", "s-2", 0, ""),
                      R"({"mod":"upload_access_info","session_id":"s-2","type":2,"code":0,"message":""})");
}

BOOST_AUTO_TEST_CASE(parse_takes_answers_with_or_without_type) {
    const auto a = Envelope::parse(R"({"mod":"set_device_info","session_id":"x","code":-2,"message":"fault"})");
    BOOST_CHECK(a.isAnswer());
    BOOST_CHECK_EQUAL(a.code, -2);
    const auto r = Envelope::parse(R"({"mod":"upload_access_info","session_id":12345,"type":"1"})");
    BOOST_CHECK(!r.isAnswer());
    BOOST_CHECK_EQUAL(r.sessionId, "12345");
    BOOST_CHECK_THROW(Envelope::parse("{\"mod\":\"x\"}"), EnvelopeError);
    BOOST_CHECK_THROW(Envelope::parse("{\"session_id\":\"x\"}"), EnvelopeError);
    BOOST_CHECK_THROW(Envelope::parse("{\"mod\":\"x\",}"), EnvelopeError);
}

BOOST_AUTO_TEST_SUITE_END()
