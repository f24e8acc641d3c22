// The admin API's JSON reading: a request body parsed as one object, read
// through JsonFields the way resources do, and applied as a person (the
// largest reader: credentials, groups, times).
// Input: the request body.

#include "admin/http/ApiError.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"
#include "admin/json/PersonJson.h"

#include <cstdint>

using namespace passway;
using namespace passway::admin;

namespace {

void readFields(const Poco::JSON::Object::Ptr& object) {
    const JsonFields fields(object);
    for (const char* key : {"name", "userId", "role", "enabled", "groups", "params", "items", "password"}) {
        try { (void)fields.has(key); (void)fields.isNull(key); } catch (const ApiError&) {}
        try { (void)fields.string(key, 64); } catch (const ApiError&) {}
        try { (void)fields.integer(key, -1000, 1000); } catch (const ApiError&) {}
        try { (void)fields.boolean(key); } catch (const ApiError&) {}
        try { (void)fields.stringList(key, 16, 32); } catch (const ApiError&) {}
        try { (void)fields.object(key); } catch (const ApiError&) {}
        try { (void)fields.array(key); } catch (const ApiError&) {}
    }
    try { fields.rejectUnknown({"name", "userId"}); } catch (const ApiError&) {}
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string body(reinterpret_cast<const char*>(data), size);
    Poco::JSON::Object::Ptr object;
    try {
        object = json::parseObject(body);
    } catch (const ApiError&) {
        return 0;
    }
    readFields(object);
    for (const bool replace : {true, false}) {
        try {
            Person person;
            PersonJson::apply(object, person, replace);
            PersonJson::validate(person);
            (void)json::stringify(PersonJson::toJson(person));
        } catch (const ApiError&) {
        }
    }
    (void)json::embed(body);
    return 0;
}
