#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>

namespace passway::attlog {

// Field access the way bridges send ZK values: a number or its text
// ("STATUS": 255 and "VERIFY": "2" in one record of the document).

// The member as text: strings as they are, integers in decimal; nullopt
// when missing, null, or of another type.
std::optional<std::string> zkText(const Poco::JSON::Object& object, const std::string& key);

// The member as an integer: an integer, or a string of decimal digits.
std::optional<std::int64_t> zkInteger(const Poco::JSON::Object& object, const std::string& key);

// "YYYY-MM-DD hh:mm:ss" (also with 'T') in local time at `utcOffsetMinutes`
// -> unix milliseconds; nullopt when the text is not such a time.
std::optional<std::int64_t> parseZkTime(const std::string& text, int utcOffsetMinutes);

// Unix milliseconds -> "YYYY-MM-DD hh:mm:ss" at `utcOffsetMinutes`.
std::string formatZkTime(std::int64_t unixMs, int utcOffsetMinutes);

}  // namespace passway::attlog
