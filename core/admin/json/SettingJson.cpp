#include "admin/json/SettingJson.h"

#include "admin/json/Json.h"
#include "admin/resources/SettingsResource.h"
#include "settings/RuntimeSettings.h"
#include "util/SecretPolicy.h"

namespace passway::admin::json {

Poco::JSON::Object::Ptr declaration(const SettingDeclaration& d) {
    auto o = object();
    o->set("key", d.key);
    o->set("type", d.type);
    o->set("default", d.secret ? std::string() : d.defaultValue);
    o->set("description", d.description);
    o->set("secret", d.secret);
    o->set("apply", d.apply);
    if (d.min) o->set("min", *d.min);
    if (d.max) o->set("max", *d.max);
    if (!d.choices.empty()) {
        auto choices = array();
        for (const auto& c : d.choices) choices->add(c);
        o->set("choices", choices);
    }
    return o;
}

Poco::JSON::Object::Ptr setting(const SettingDeclaration& d, const std::string& fullKey, const RuntimeSettings& settings) {
    auto o = declaration(d);
    o->set("fullKey", fullKey);
    const std::string source = settings.source(fullKey);
    const std::string value = source.empty() ? std::string() : settings.value(fullKey);
    const bool secret = d.secret || SettingsResource::isSecretSetting(fullKey);
    o->set("secret", secret);
    o->set("value", secret ? (value.empty() ? value : std::string(kSecretMask)) : SettingsResource::maskInside(value));
    o->set("source", source);
    if (d.apply == "restart") o->set("restartPending", settings.waitsForRestart(fullKey));
    return o;
}

Poco::JSON::Object::Ptr command(const CommandDeclaration& c) {
    auto o = object();
    o->set("kind", c.kind);
    o->set("description", c.description);
    auto args = array();
    for (const auto& a : c.args) {
        auto arg = object();
        arg->set("name", a.name);
        arg->set("type", a.type);
        arg->set("required", a.required);
        arg->set("description", a.description);
        args->add(arg);
    }
    o->set("args", args);
    return o;
}

} // namespace passway::admin::json
