#pragma once

#include <Poco/JSON/Object.h>

#include <stdexcept>
#include <string>

namespace passway::tcpjson {

// The seed's error codes (错误码说明).
enum ResultCode : int { kOk = 0, kGeneralError = -1, kDeviceFault = -2, kDatabaseError = -3 };

// A JSON object that is not a valid message of the protocol. It is answered
// with code -1; the connection stays open (the object itself was well framed)
// unless the text is not JSON at all.
class EnvelopeError : public std::runtime_error {
public:
    enum class Kind {
        Malformed,     // not JSON
        NotAnObject,   // JSON, but not an object
        MissingField,  // no mod or no session_id
    };
    EnvelopeError(Kind kind, const std::string& message, std::string mod, std::string sessionId)
        : std::runtime_error(message), mod(std::move(mod)), sessionId(std::move(sessionId)), kind_(kind) {}
    Kind kind() const { return kind_; }
    const std::string mod;
    const std::string sessionId;

private:
    Kind kind_;
};

// One message: the envelope (mod, session_id, type and, in answers, code and
// message) and the whole object for the mod's own fields.
struct Envelope {
    std::string mod;
    std::string sessionId;
    int type = 1;                   // 1 request, 2 answer
    int code = 0;
    std::string message;
    Poco::JSON::Object::Ptr object;

    bool isAnswer() const { return type == 2; }

    // Parses one framed object. `type` is optional in the document: an object
    // with `code` and no `type` is taken as an answer, else as a request.
    // Throws EnvelopeError (bad JSON, no mod or session_id).
    static Envelope parse(const std::string& text);

    // A request of the server: mod, session_id, type 1, then `fields`' members.
    static std::string request(const std::string& mod, const std::string& sessionId,
                               const Poco::JSON::Object::Ptr& fields = nullptr);
    // An answer of the server to a terminal's request.
    static std::string answer(const std::string& mod, const std::string& sessionId, int code,
                              const std::string& message);
};

} // namespace passway::tcpjson
