#include "settings/SettingDeclaration.h"

#include <Poco/JSON/Parser.h>
#include <Poco/NumberFormatter.h>
#include <Poco/NumberParser.h>
#include <Poco/String.h>
#include <Poco/StringTokenizer.h>

#include <cctype>
#include <set>
#include <stdexcept>

namespace passway {

namespace {

constexpr std::size_t kMaxValueBytes = 4096;

const std::set<std::string>& knownTypes() {
    static const std::set<std::string> types{"string", "int", "number", "bool", "secret", "url", "list", "choice"};
    return types;
}

std::string text(const Poco::JSON::Object::Ptr& o, const std::string& name, const std::string& fallback = "") {
    if (!o->has(name) || o->isNull(name)) return fallback;
    return o->get(name).convert<std::string>();
}

SettingDeclaration setting(const Poco::JSON::Object::Ptr& o) {
    SettingDeclaration d;
    d.key = text(o, "key");
    if (d.key.empty()) throw std::invalid_argument("a setting without a key");
    d.type = text(o, "type", "string");
    if (!knownTypes().count(d.type)) throw std::invalid_argument("setting " + d.key + ": unknown type " + d.type);
    d.defaultValue = text(o, "default");
    d.description = text(o, "description");
    d.secret = d.type == "secret" || (o->has("secret") && o->getValue<bool>("secret"));
    if (o->has("min")) d.min = o->getValue<double>("min");
    if (o->has("max")) d.max = o->getValue<double>("max");
    if (auto choices = o->getArray("choices")) {
        for (unsigned i = 0; i < choices->size(); ++i) d.choices.push_back(choices->getElement<std::string>(i));
    }
    if (d.type == "choice" && d.choices.empty()) throw std::invalid_argument("setting " + d.key + ": a choice without choices");
    d.apply = "plugin";
    return d;
}

CommandDeclaration command(const Poco::JSON::Object::Ptr& o) {
    CommandDeclaration c;
    c.kind = text(o, "kind");
    if (c.kind.empty()) throw std::invalid_argument("a command without a kind");
    c.description = text(o, "description");
    if (auto args = o->getArray("args")) {
        for (unsigned i = 0; i < args->size(); ++i) {
            const auto a = args->getObject(i);
            if (!a) throw std::invalid_argument("command " + c.kind + ": an argument is not an object");
            CommandArgument arg;
            arg.name = text(a, "name");
            arg.type = text(a, "type", "string");
            arg.required = a->has("required") && a->getValue<bool>("required");
            arg.description = text(a, "description");
            c.args.push_back(std::move(arg));
        }
    }
    return c;
}

bool isNameSegment(const std::string& s) {
    if (s.empty() || s.size() > 64) return false;
    for (const char ch : s) {
        if (!std::isalnum(static_cast<unsigned char>(ch)) && ch != '_' && ch != '-') return false;
    }
    return true;
}

} // namespace

PluginDeclarations parsePluginDeclarations(const std::string& json) {
    PluginDeclarations out;
    if (Poco::trim(json).empty()) return out;
    Poco::JSON::Object::Ptr root;
    try {
        root = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& e) {
        throw std::invalid_argument("declarations are not a JSON object: " + e.displayText());
    }
    out.connect = text(root, "connect");
    if (auto settings = root->getArray("settings")) {
        for (unsigned i = 0; i < settings->size(); ++i) {
            const auto o = settings->getObject(i);
            if (!o) throw std::invalid_argument("a setting is not an object");
            out.settings.push_back(setting(o));
        }
    }
    if (auto commands = root->getArray("commands")) {
        for (unsigned i = 0; i < commands->size(); ++i) {
            const auto o = commands->getObject(i);
            if (!o) throw std::invalid_argument("a command is not an object");
            out.commands.push_back(command(o));
        }
    }
    return out;
}

std::string validateSetting(const SettingDeclaration& d, const std::string& value) {
    if (value.size() > kMaxValueBytes) return "at most " + std::to_string(kMaxValueBytes) + " bytes";
    if (value.find_first_of("\r\n") != std::string::npos) return "one line only";
    if (value.empty()) return "";
    const std::string v = Poco::trim(value);
    if (d.type == "int" || d.type == "number") {
        double number = 0;
        if (d.type == "int") {
            Poco::Int64 i = 0;
            if (!Poco::NumberParser::tryParse64(v, i)) return "must be a whole number";
            number = static_cast<double>(i);
        } else if (!Poco::NumberParser::tryParseFloat(v, number)) {
            return "must be a number";
        }
        if (d.min && number < *d.min) return "must be at least " + Poco::NumberFormatter::format(*d.min);
        if (d.max && number > *d.max) return "must be at most " + Poco::NumberFormatter::format(*d.max);
    } else if (d.type == "bool") {
        if (v != "true" && v != "false") return "must be true or false";
    } else if (d.type == "url") {
        if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) return "must be an http:// or https:// URL";
    } else if (d.type == "choice") {
        std::string list;
        for (const auto& c : d.choices) {
            if (v == c) return "";
            list += (list.empty() ? "" : ", ") + c;
        }
        return "must be one of " + list;
    }
    return "";
}

bool declarationMatches(const std::string& declaredKey, const std::string& key) {
    if (declaredKey == key) return true;
    if (declaredKey.find('<') == std::string::npos) return false;
    Poco::StringTokenizer want(declaredKey, ".");
    Poco::StringTokenizer have(key, ".");
    if (want.count() != have.count()) return false;
    for (std::size_t i = 0; i < want.count(); ++i) {
        const std::string& w = want[i];
        if (!w.empty() && w.front() == '<' && w.back() == '>') {
            if (!isNameSegment(have[i])) return false;
        } else if (w != have[i]) {
            return false;
        }
    }
    return true;
}

const SettingDeclaration* findDeclaration(const std::vector<SettingDeclaration>& declarations, const std::string& key) {
    for (const auto& d : declarations) {
        if (declarationMatches(d.key, key)) return &d;
    }
    return nullptr;
}

} // namespace passway
