#pragma once

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

namespace passway::admin {

// Strict, typed reads of one JSON object from a request. Poco converts
// silently ("12" reads as 12, 1.5 as 1); an API should not, so every getter
// checks the JSON type and throws ApiError::invalid naming the field —
// prefixed for nested objects, e.g. "credentials[2].kind".
//
// Each getter returns nullopt when the key is absent or null; has() tells the
// two apart where null means "clear" (PATCH).
class JsonFields {
public:
    explicit JsonFields(Poco::JSON::Object::Ptr object, std::string prefix = "");

    bool has(const std::string& key) const;
    bool isNull(const std::string& key) const;
    std::string name(const std::string& key) const { return prefix_ + key; }

    std::optional<std::string> string(const std::string& key, std::size_t maxLength) const;
    // Like string() but absent, null or blank is an error.
    std::string requiredString(const std::string& key, std::size_t maxLength) const;
    std::optional<std::int64_t> integer(const std::string& key, std::int64_t min, std::int64_t max) const;
    std::optional<bool> boolean(const std::string& key) const;
    // An array of non-empty strings, each up to maxLength.
    std::optional<std::vector<std::string>> stringList(const std::string& key, std::size_t maxItems,
                                                       std::size_t maxLength) const;
    Poco::JSON::Object::Ptr object(const std::string& key) const;  // null when absent
    Poco::JSON::Array::Ptr array(const std::string& key) const;    // null when absent

    // 400 for a key outside `allowed`: a typo ("departmnet") must not be
    // silently dropped.
    void rejectUnknown(std::initializer_list<const char*> allowed) const;

private:
    Poco::JSON::Object::Ptr object_;
    std::string prefix_;
};

} // namespace passway::admin
