#include "model/PersonSnapshot.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace passway {

namespace {

std::string textOf(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    return o->has(key) && !o->isNull(key) ? o->getValue<std::string>(key) : std::string();
}

std::optional<std::int64_t> timeOf(const Poco::JSON::Object::Ptr& o, const std::string& key) {
    if (!o->has(key) || o->isNull(key)) return std::nullopt;
    return o->getValue<std::int64_t>(key);
}

} // namespace

std::string PersonSnapshot::write(const Person& p) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("userId", static_cast<Poco::UInt64>(p.userId));
    o.set("code", p.code);
    o.set("name", p.name);
    o.set("job", p.job);
    o.set("department", p.department);
    o.set("idCard", p.idCard);
    o.set("role", p.role);
    if (p.validFrom) o.set("validFrom", *p.validFrom);
    if (p.validUntil) o.set("validUntil", *p.validUntil);
    o.set("timeGroup", p.timeGroup);
    o.set("extra", p.extra);
    Poco::JSON::Array groups;
    for (const auto& g : p.accessGroups) groups.add(g);
    o.set("accessGroups", groups);
    o.set("photoBlob", p.photoBlob);
    Poco::JSON::Array credentials;
    for (const auto& c : p.credentials) {
        Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
        item.set("kind", c.kind);
        item.set("value", c.value);
        item.set("blob", c.blob);
        item.set("index", c.index);
        credentials.add(item);
    }
    o.set("credentials", credentials);
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

std::optional<Person> PersonSnapshot::read(const std::string& text) {
    try {
        const auto o = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        if (!o) return std::nullopt;
        Person p;
        p.userId = static_cast<std::uint32_t>(o->getValue<Poco::UInt64>("userId"));
        p.code = textOf(o, "code");
        p.name = textOf(o, "name");
        p.job = textOf(o, "job");
        p.department = textOf(o, "department");
        p.idCard = textOf(o, "idCard");
        p.role = textOf(o, "role");
        if (p.role.empty()) p.role = "normal";
        p.validFrom = timeOf(o, "validFrom");
        p.validUntil = timeOf(o, "validUntil");
        p.timeGroup = textOf(o, "timeGroup");
        p.extra = textOf(o, "extra");
        if (const auto groups = o->getArray("accessGroups")) {
            for (std::size_t i = 0; i < groups->size(); ++i) p.accessGroups.push_back(groups->getElement<std::string>(i));
        }
        p.photoBlob = textOf(o, "photoBlob");
        if (const auto credentials = o->getArray("credentials")) {
            for (std::size_t i = 0; i < credentials->size(); ++i) {
                const auto item = credentials->getObject(static_cast<unsigned>(i));
                if (!item) continue;
                Credential c;
                c.kind = textOf(item, "kind");
                c.value = textOf(item, "value");
                c.blob = textOf(item, "blob");
                c.index = item->has("index") ? item->getValue<int>("index") : 0;
                p.credentials.push_back(std::move(c));
            }
        }
        return p;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace passway
