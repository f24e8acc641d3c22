#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <string>

namespace passway::admin::json {

// Small helpers around Poco::JSON so handlers read like the JSON they build.

// A JSON object that keeps keys in insertion order, for readable responses.
Poco::JSON::Object::Ptr object();
Poco::JSON::Array::Ptr array();
std::string stringify(const Poco::Dynamic::Var& value);

// A request body that must be one JSON object; ApiError 400 otherwise.
Poco::JSON::Object::Ptr parseObject(const std::string& body);

// JSON text kept in the store (device parameters, command args, audit
// detail) as a value to embed in a response: the parsed value, an empty
// object for empty text, and the text itself as a string if it is not JSON,
// so a bad stored value never breaks a listing.
Poco::Dynamic::Var embed(const std::string& storedText);

} // namespace passway::admin::json
