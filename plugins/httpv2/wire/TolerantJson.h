#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>

namespace passway::httpv2 {

// JSON as terminals and the document write it. A strict parse comes first
// (the hot path pays nothing); only text that fails is repaired once and
// parsed again. The repairs, each seen in the document's examples:
//   - trailing commas:      {"AlarmStatus": "",}        (keepalive example)
//   - bare member names:    {Num: 1, Data: "..."}       (Fingerprints example)
//   - bare word values:     {"UserID":xxx}              (FailList example)
// plus a UTF-8 byte order mark, and NUL bytes or whitespace after the text
// (C firmware that sends its terminating NUL). Objects keep their key order.

// Throws ProtocolError 400 ("malformed JSON: ...") when even the repaired
// text is not JSON.
Poco::Dynamic::Var parseJson(std::string_view text);

// parseJson() of a text that must hold an object; `what` names it in the
// error ("RecordDetail is not a JSON object").
Poco::JSON::Object::Ptr parseJsonObject(std::string_view text, std::string_view what = "the body");

// The repaired text (exposed for tests). Returns the input unchanged when
// there is nothing it knows to repair.
std::string repairJson(std::string_view text);

} // namespace passway::httpv2
