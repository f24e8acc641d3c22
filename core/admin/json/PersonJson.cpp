#include "admin/json/PersonJson.h"

#include "admin/http/ApiError.h"
#include "admin/json/Json.h"
#include "admin/json/JsonFields.h"

#include <set>

namespace passway::admin {

namespace {

constexpr std::size_t kMaxText = 128;
constexpr std::size_t kMaxExtraBytes = 64 * 1024;
constexpr std::size_t kMaxCredentials = 64;
constexpr std::size_t kMaxGroups = 256;

bool isBlank(const std::string& s) { return s.find_first_not_of(" \t\r\n") == std::string::npos; }

void applyText(const JsonFields& f, const std::string& key, std::size_t max, bool replace, std::string& into) {
    if (f.has(key)) {
        into = f.string(key, max).value_or("");
    } else if (replace) {
        into.clear();
    }
}

void applyValidity(const JsonFields& f, const std::string& key, bool replace, std::optional<std::int64_t>& into) {
    if (!f.has(key) && !replace) return;
    const auto ms = f.integer(key, 0, PersonJson::kMaxMillis);
    // The model keeps unix seconds (terminals think in seconds); the API speaks milliseconds.
    into = ms ? std::optional<std::int64_t>(*ms / 1000) : std::nullopt;
}

std::vector<Credential> readCredentials(const JsonFields& f, const std::vector<Credential>& current) {
    std::vector<Credential> next;
    for (const auto& c : current) {
        if (PersonJson::isTemplateKind(c.kind)) next.push_back(c);
    }
    const auto items = f.array("credentials");
    if (!items) return next;
    if (items->size() > kMaxCredentials) {
        throw ApiError::invalid("credentials", "must have at most " + std::to_string(kMaxCredentials) + " entries");
    }
    std::set<std::pair<std::string, std::string>> seen;
    for (unsigned i = 0; i < items->size(); ++i) {
        const std::string where = "credentials[" + std::to_string(i) + "]";
        if (!items->isObject(i)) throw ApiError::invalid(where, "must be an object {kind, value, index}");
        const JsonFields item(items->getObject(i), where + ".");
        item.rejectUnknown({"kind", "value", "index", "blob"});
        const std::string kind = item.requiredString("kind", 32);
        if (PersonJson::isTemplateKind(kind)) continue;  // read-only, kept from `current`
        if (kind != "card" && kind != "password" && kind != "qrcode") {
            throw ApiError::invalid(where + ".kind", "must be card, password or qrcode (templates are read-only)");
        }
        Credential credential;
        credential.kind = kind;
        credential.index = static_cast<int>(item.integer("index", 0, 255).value_or(0));
        credential.value = item.string("value", 256).value_or("");
        if (credential.value.empty() && kind == "password") {
            for (const auto& old : current) {
                if (old.kind == "password" && old.index == credential.index) credential.value = old.value;
            }
        }
        if (isBlank(credential.value)) throw ApiError::invalid(where + ".value", "is required");
        if (kind == "card" && credential.value.find('|') != std::string::npos) {
            throw ApiError::invalid(where + ".value", "a card number must not contain '|'");
        }
        if (!seen.emplace(kind, credential.value).second) {
            throw ApiError::invalid(where + ".value", "the same " + kind + " is listed twice");
        }
        next.push_back(std::move(credential));
    }
    return next;
}

} // namespace

bool PersonJson::isTemplateKind(const std::string& kind) {
    return kind == "fingerprint" || kind == "palmvein" || kind == "face_feature";
}

Poco::JSON::Object::Ptr PersonJson::toJson(const Person& p) {
    auto o = json::object();
    o->set("userId", static_cast<std::uint64_t>(p.userId));
    o->set("code", p.code);
    o->set("name", p.name);
    o->set("job", p.job);
    o->set("department", p.department);
    o->set("idCard", p.idCard);
    o->set("role", p.role);
    o->set("validFrom", p.validFrom ? Poco::Dynamic::Var(*p.validFrom * 1000) : Poco::Dynamic::Var());
    o->set("validUntil", p.validUntil ? Poco::Dynamic::Var(*p.validUntil * 1000) : Poco::Dynamic::Var());
    o->set("timeGroup", p.timeGroup);
    auto groups = json::array();
    for (const auto& g : p.accessGroups) groups->add(g);
    o->set("accessGroups", groups);
    o->set("extra", json::embed(p.extra));
    auto credentials = json::array();
    for (const auto& c : p.credentials) {
        auto item = json::object();
        item->set("kind", c.kind);
        if (c.kind != "password") item->set("value", c.value);
        item->set("index", c.index);
        if (!c.blob.empty()) item->set("blob", c.blob);
        credentials->add(item);
    }
    o->set("credentials", credentials);
    o->set("photo", p.photoBlob.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(p.photoBlob));
    o->set("version", p.version);
    o->set("createdAt", p.createdAt);
    o->set("updatedAt", p.updatedAt);
    return o;
}

void PersonJson::apply(const Poco::JSON::Object::Ptr& body, Person& person, bool replace) {
    const JsonFields f(body);
    f.rejectUnknown({"userId", "code", "name", "job", "department", "idCard", "role", "validFrom", "validUntil",
                     "timeGroup", "accessGroups", "extra", "credentials", "photo", "version", "createdAt",
                     "updatedAt"});
    applyText(f, "code", 64, replace, person.code);
    applyText(f, "name", kMaxText, replace, person.name);
    applyText(f, "job", kMaxText, replace, person.job);
    applyText(f, "department", kMaxText, replace, person.department);
    applyText(f, "idCard", 64, replace, person.idCard);
    applyText(f, "timeGroup", 64, replace, person.timeGroup);

    if (f.has("role") || replace) {
        const std::string role = f.string("role", 16).value_or("normal");
        if (role != "normal" && role != "admin" && role != "blacklist") {
            throw ApiError::invalid("role", "must be normal, admin or blacklist");
        }
        person.role = role;
    }
    applyValidity(f, "validFrom", replace, person.validFrom);
    applyValidity(f, "validUntil", replace, person.validUntil);

    if (f.has("accessGroups") || replace) {
        person.accessGroups = f.stringList("accessGroups", kMaxGroups, 64).value_or(std::vector<std::string>{});
        for (const auto& group : person.accessGroups) {
            if (group.find('|') != std::string::npos) {
                throw ApiError::invalid("accessGroups", "a group name must not contain '|'");
            }
        }
    }
    if (f.has("extra") || replace) {
        const auto extra = f.object("extra");
        person.extra = extra ? json::stringify(extra) : "";
        if (person.extra.size() > kMaxExtraBytes) {
            throw ApiError::invalid("extra", "must be at most " + std::to_string(kMaxExtraBytes) + " bytes of JSON");
        }
    }
    if (f.has("credentials") || replace) person.credentials = readCredentials(f, person.credentials);
}

void PersonJson::validate(const Person& person) {
    if (isBlank(person.name)) throw ApiError::invalid("name", "is required");
    if (person.validFrom && person.validUntil && *person.validUntil < *person.validFrom) {
        throw ApiError::invalid("validUntil", "must not be before validFrom");
    }
}

} // namespace passway::admin
