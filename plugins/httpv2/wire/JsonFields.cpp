#include "wire/JsonFields.h"

#include <Poco/NumberParser.h>
#include <Poco/String.h>

#include <cmath>
#include <limits>

namespace passway::httpv2 {

JsonFields::JsonFields(Poco::JSON::Object::Ptr object) : object_(std::move(object)) {}

std::optional<Poco::Dynamic::Var> JsonFields::value(std::string_view key) const {
    if (!object_) return std::nullopt;
    const std::string name(key);
    if (object_->has(name)) {
        Poco::Dynamic::Var v = object_->get(name);
        if (v.isEmpty()) return std::nullopt;
        return std::optional<Poco::Dynamic::Var>(std::in_place, v);
    }
    for (const auto& [candidate, v] : *object_) {
        if (Poco::icompare(candidate, name) == 0) {
            if (v.isEmpty()) return std::nullopt;
            return std::optional<Poco::Dynamic::Var>(std::in_place, v);
        }
    }
    return std::nullopt;
}

bool JsonFields::has(std::string_view key) const { return value(key).has_value(); }

std::optional<std::string> JsonFields::asText(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) return std::nullopt;
    if (v.type() == typeid(Poco::JSON::Object::Ptr) || v.type() == typeid(Poco::JSON::Array::Ptr)) return std::nullopt;
    try {
        if (v.isBoolean()) return v.extract<bool>() ? "1" : "0";
        return v.convert<std::string>();
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

std::optional<std::int64_t> JsonFields::asInteger(const Poco::Dynamic::Var& v) {
    if (v.isEmpty()) return std::nullopt;
    try {
        if (v.isBoolean()) return v.extract<bool>() ? 1 : 0;
        if (v.isInteger()) return v.convert<Poco::Int64>();
        if (v.isNumeric()) {
            const double d = v.convert<double>();
            if (!std::isfinite(d) || std::fabs(d) > 9.2e18) return std::nullopt;
            return static_cast<std::int64_t>(d);
        }
        if (v.isString()) {
            const std::string s = Poco::trim(v.extract<std::string>());
            Poco::Int64 i = 0;
            if (Poco::NumberParser::tryParse64(s, i)) return i;
            double d = 0;
            if (Poco::NumberParser::tryParseFloat(s, d) && std::isfinite(d) && std::fabs(d) < 9.2e18) {
                return static_cast<std::int64_t>(d);
            }
        }
    } catch (const Poco::Exception&) {
    }
    return std::nullopt;
}

std::optional<std::uint32_t> JsonFields::asUserId(const Poco::Dynamic::Var& v) {
    const auto i = asInteger(v);
    if (!i || *i <= 0 || *i > static_cast<std::int64_t>(std::numeric_limits<std::uint32_t>::max())) return std::nullopt;
    return static_cast<std::uint32_t>(*i);
}

std::optional<std::string> JsonFields::text(std::string_view key) const {
    const auto v = value(key);
    return v ? asText(*v) : std::nullopt;
}

std::optional<std::int64_t> JsonFields::integer(std::string_view key) const {
    const auto v = value(key);
    return v ? asInteger(*v) : std::nullopt;
}

std::optional<double> JsonFields::number(std::string_view key) const {
    const auto v = value(key);
    if (!v) return std::nullopt;
    try {
        if (v->isNumeric()) return v->convert<double>();
        if (v->isString()) {
            double d = 0;
            if (Poco::NumberParser::tryParseFloat(Poco::trim(v->extract<std::string>()), d)) return d;
        }
    } catch (const Poco::Exception&) {
    }
    return std::nullopt;
}

std::optional<std::uint32_t> JsonFields::userId(std::string_view key) const {
    const auto v = value(key);
    return v ? asUserId(*v) : std::nullopt;
}

Poco::JSON::Array::Ptr JsonFields::array(std::string_view key) const {
    const auto v = value(key);
    if (!v || v->type() != typeid(Poco::JSON::Array::Ptr)) return nullptr;
    return v->extract<Poco::JSON::Array::Ptr>();
}

Poco::JSON::Object::Ptr JsonFields::child(std::string_view key) const {
    const auto v = value(key);
    if (!v || v->type() != typeid(Poco::JSON::Object::Ptr)) return nullptr;
    return v->extract<Poco::JSON::Object::Ptr>();
}

std::optional<std::string> JsonFields::text(std::initializer_list<std::string_view> keys) const {
    for (const auto key : keys) {
        if (auto t = text(key)) return t;
    }
    return std::nullopt;
}

Poco::JSON::Array::Ptr JsonFields::array(std::initializer_list<std::string_view> keys) const {
    for (const auto key : keys) {
        if (auto a = array(key)) return a;
    }
    return nullptr;
}

} // namespace passway::httpv2
