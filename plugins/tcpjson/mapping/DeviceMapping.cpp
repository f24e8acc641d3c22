#include "mapping/DeviceMapping.h"

#include "passway/JsonText.h"

#include <Poco/JSON/Object.h>
#include <Poco/NumberParser.h>

namespace passway::tcpjson {

namespace {

void overlayCodes(std::map<int, std::string>& table, const Poco::JSON::Object::Ptr& codes, const std::string& key,
                  std::string* warning) {
    if (!codes) return;
    for (const auto& name : codes->getNames()) {
        int code = 0;
        const auto value = codes->get(name);
        if (!Poco::NumberParser::tryParse(name, code) || !value.isString()) {
            if (warning) *warning += "mapping." + key + "." + name + " is not code: \"name\"; ";
            continue;
        }
        table[code] = value.toString();
    }
}

} // namespace

TcpjsonConfig DeviceMapping::overlay(const TcpjsonConfig& base, const std::string& desiredJson, std::string* warning) {
    TcpjsonConfig config = base;
    const auto desired = json::objectOr(desiredJson);
    const auto mapping = desired->getObject("mapping");
    if (!mapping) return config;
    if (const auto roles = mapping->getObject("role")) {
        for (const auto& role : roles->getNames()) {
            const auto value = roles->get(role);
            if (value.isEmpty() || (value.isString() && (value.toString() == "none" || value.toString().empty()))) {
                config.roles.erase(role);
            } else if (value.isInteger()) {
                config.roles[role] = value.convert<int>();
            } else if (warning) {
                *warning += "mapping.role." + role + " must be a number or null; ";
            }
        }
    }
    overlayCodes(config.openDoorTypes, mapping->getObject("open_door_types"), "open_door_types", warning);
    overlayCodes(config.inOutTypes, mapping->getObject("in_out_types"), "in_out_types", warning);
    return config;
}

std::string DeviceMapping::withoutMapping(const std::string& desiredJson) {
    const auto desired = json::objectOr(desiredJson);
    if (!desired->has("mapping")) return desiredJson;
    Poco::JSON::Object::Ptr copy = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    for (const auto& name : desired->getNames()) {
        if (name != "mapping") copy->set(name, desired->get(name));
    }
    return json::text(copy);
}

} // namespace passway::tcpjson
