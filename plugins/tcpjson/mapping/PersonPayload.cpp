#include "mapping/PersonPayload.h"

#include "mapping/ImageInfo.h"

#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace passway::tcpjson {

namespace {

std::string base64(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);  // padded; one line (setLineLength(0))
    encoder.rdbuf()->setLineLength(0);
    encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return out.str();
}

std::string firstCredential(const Person& person, const std::string& kind) {
    const Credential* best = nullptr;
    for (const auto& c : person.credentials) {
        if (c.kind == kind && (!best || c.index < best->index)) best = &c;
    }
    return best ? best->value : std::string();
}

Poco::JSON::Object::Ptr image(const std::string& bytes) {
    const auto info = ImageInfo::of(bytes);
    if (!info) return nullptr;
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("width", info->width);
    o->set("height", info->height);
    o->set("format", info->format);
    o->set("length", static_cast<Poco::UInt64>(bytes.size()));
    o->set("data", base64(bytes));
    return o;
}

Poco::JSON::Object::Ptr code(const std::string& bytes) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("length", static_cast<Poco::UInt64>(bytes.size()));
    o->set("data", base64(bytes));
    return o;
}

Poco::JSON::Object::Ptr iris(const Person& person) {
    if (person.extra.empty()) return nullptr;
    try {
        const auto extra = Poco::JSON::Parser().parse(person.extra).extract<Poco::JSON::Object::Ptr>();
        return extra ? extra->getObject("iris") : nullptr;
    } catch (const std::exception&) {
        return nullptr;
    }
}

} // namespace

Poco::JSON::Object::Ptr PersonPayload::personInfo(const Person& person, const TcpjsonConfig& config,
                                                  const BlobReader& blobs) {
    Poco::JSON::Object::Ptr info = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    info->set("person_id", std::to_string(person.userId));
    info->set("person_name", person.name);
    info->set("id_number", person.idCard);
    info->set("card_number", firstCredential(person, "card"));
    info->set("key_number", firstCredential(person, "password"));
    info->set("department_number", person.department);
    const auto role = config.roles.find(person.role);
    info->set("role", role == config.roles.end() ? 0 : role->second);
    if (!person.photoBlob.empty()) {
        if (const auto bytes = blobs(person.photoBlob)) {
            if (auto face = image(*bytes)) info->set("face", face);
        }
    }
    if (const auto eyes = iris(person)) {
        for (const char* side : {"left", "right"}) {
            const std::string imageKey = std::string(side) + "_image";
            const std::string codeKey = std::string(side) + "_code";
            if (eyes->has(imageKey) && eyes->get(imageKey).isString()) {
                if (const auto bytes = blobs(eyes->getValue<std::string>(imageKey))) {
                    if (auto o = image(*bytes)) info->set(imageKey, o);
                }
            }
            if (eyes->has(codeKey) && eyes->get(codeKey).isString()) {
                if (const auto bytes = blobs(eyes->getValue<std::string>(codeKey))) info->set(codeKey, code(*bytes));
            }
        }
    }
    return info;
}

Poco::JSON::Object::Ptr PersonPayload::personId(std::uint32_t userId) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    o->set("person_id", std::to_string(userId));
    return o;
}

} // namespace passway::tcpjson
