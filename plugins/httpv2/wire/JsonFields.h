#pragma once

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

namespace passway::httpv2 {

// Reading the members of a terminal's JSON object the tolerant way: a value
// is read as the type asked for whether the terminal wrote it as a string or
// a number ("UserID": "3" and "UserID": 3 are the same), and a name is found
// exactly or, failing that, case-insensitively ("Sn", "sN"). Absent and null
// members read as nullopt; so does a value that cannot be the asked type.
class JsonFields {
public:
    explicit JsonFields(Poco::JSON::Object::Ptr object);

    const Poco::JSON::Object::Ptr& object() const { return object_; }
    bool has(std::string_view key) const;
    std::optional<Poco::Dynamic::Var> value(std::string_view key) const;

    std::optional<std::string> text(std::string_view key) const;       // strings; numbers and booleans as text
    std::optional<std::int64_t> integer(std::string_view key) const;   // numbers, numeric strings, booleans
    std::optional<double> number(std::string_view key) const;
    // A user id: 1..4294967295 as number or numeric string; 0 and "" are "none".
    std::optional<std::uint32_t> userId(std::string_view key) const;
    Poco::JSON::Array::Ptr array(std::string_view key) const;          // null when absent or not an array
    Poco::JSON::Object::Ptr child(std::string_view key) const;         // null when absent or not an object

    // The first of several spellings that is present.
    std::optional<std::string> text(std::initializer_list<std::string_view> keys) const;
    Poco::JSON::Array::Ptr array(std::initializer_list<std::string_view> keys) const;

    // Conversions of single values, shared with arrays of ids.
    static std::optional<std::string> asText(const Poco::Dynamic::Var& value);
    static std::optional<std::int64_t> asInteger(const Poco::Dynamic::Var& value);
    static std::optional<std::uint32_t> asUserId(const Poco::Dynamic::Var& value);

private:
    Poco::JSON::Object::Ptr object_;
};

} // namespace passway::httpv2
