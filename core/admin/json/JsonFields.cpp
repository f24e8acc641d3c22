#include "admin/json/JsonFields.h"

#include "admin/http/ApiError.h"

#include <cstring>

namespace passway::admin {

JsonFields::JsonFields(Poco::JSON::Object::Ptr object, std::string prefix)
    : object_(std::move(object)), prefix_(std::move(prefix)) {}

bool JsonFields::has(const std::string& key) const { return object_->has(key); }

bool JsonFields::isNull(const std::string& key) const { return object_->has(key) && object_->isNull(key); }

std::optional<std::string> JsonFields::string(const std::string& key, std::size_t maxLength) const {
    if (!has(key) || isNull(key)) return std::nullopt;
    const Poco::Dynamic::Var value = object_->get(key);
    if (!value.isString()) throw ApiError::invalid(name(key), "must be a string");
    std::string text = value.extract<std::string>();
    if (text.size() > maxLength) {
        throw ApiError::invalid(name(key), "must be at most " + std::to_string(maxLength) + " bytes long");
    }
    return text;
}

std::string JsonFields::requiredString(const std::string& key, std::size_t maxLength) const {
    auto text = string(key, maxLength);
    if (!text || text->find_first_not_of(" \t\r\n") == std::string::npos) {
        throw ApiError::invalid(name(key), "is required");
    }
    return *text;
}

std::optional<std::int64_t> JsonFields::integer(const std::string& key, std::int64_t min, std::int64_t max) const {
    if (!has(key) || isNull(key)) return std::nullopt;
    const Poco::Dynamic::Var value = object_->get(key);
    const std::string range = "must be an integer from " + std::to_string(min) + " to " + std::to_string(max);
    if (!value.isInteger() || value.isBoolean()) throw ApiError::invalid(name(key), range);
    std::int64_t number = 0;
    try {
        number = value.convert<std::int64_t>();
    } catch (const Poco::Exception&) {
        throw ApiError::invalid(name(key), range);  // an unsigned value beyond int64
    }
    if (number < min || number > max) throw ApiError::invalid(name(key), range);
    return number;
}

std::optional<bool> JsonFields::boolean(const std::string& key) const {
    if (!has(key) || isNull(key)) return std::nullopt;
    const Poco::Dynamic::Var value = object_->get(key);
    if (!value.isBoolean()) throw ApiError::invalid(name(key), "must be true or false");
    return value.extract<bool>();
}

std::optional<std::vector<std::string>> JsonFields::stringList(const std::string& key, std::size_t maxItems,
                                                               std::size_t maxLength) const {
    if (!has(key) || isNull(key)) return std::nullopt;
    if (!object_->isArray(key)) throw ApiError::invalid(name(key), "must be an array of strings");
    const auto items = object_->getArray(key);
    if (items->size() > maxItems) {
        throw ApiError::invalid(name(key), "must have at most " + std::to_string(maxItems) + " entries");
    }
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items->size(); ++i) {
        const Poco::Dynamic::Var item = items->get(static_cast<unsigned>(i));
        const std::string where = name(key) + "[" + std::to_string(i) + "]";
        if (!item.isString()) throw ApiError::invalid(where, "must be a string");
        std::string text = item.extract<std::string>();
        if (text.empty()) throw ApiError::invalid(where, "must not be empty");
        if (text.size() > maxLength) {
            throw ApiError::invalid(where, "must be at most " + std::to_string(maxLength) + " bytes long");
        }
        out.push_back(std::move(text));
    }
    return out;
}

Poco::JSON::Object::Ptr JsonFields::object(const std::string& key) const {
    if (!has(key) || isNull(key)) return nullptr;
    if (!object_->isObject(key)) throw ApiError::invalid(name(key), "must be a JSON object");
    return object_->getObject(key);
}

Poco::JSON::Array::Ptr JsonFields::array(const std::string& key) const {
    if (!has(key) || isNull(key)) return nullptr;
    if (!object_->isArray(key)) throw ApiError::invalid(name(key), "must be an array");
    return object_->getArray(key);
}

void JsonFields::rejectUnknown(std::initializer_list<const char*> allowed) const {
    for (const auto& [key, value] : *object_) {
        bool known = false;
        for (const char* a : allowed) known = known || key == a;
        if (!known) throw ApiError::invalid(name(key), "is not a known or writable field");
    }
}

} // namespace passway::admin
