#include "mapping/PeopleJsonWriter.h"

#include "mapping/PersonExtra.h"
#include "wire/Digest.h"
#include "wire/JsonFields.h"
#include "wire/TolerantJson.h"

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace passway::httpv2 {

namespace {

using Object = Poco::JSON::Object;

// 2099-12-31 23:59:59 UTC: "最大表示到 2099年12月31日".
constexpr std::int64_t kLastExpiration = 4102444799;

const Credential* first(const Person& person, const std::string& kind) {
    for (const auto& c : person.credentials) {
        if (c.kind == kind) return &c;
    }
    return nullptr;
}

int accessType(const std::string& role) {
    if (role == "admin") return 1;
    if (role == "blacklist") return 2;
    return 0;
}

JsonFields extraOf(const Person& person) {
    if (person.extra.empty()) return JsonFields(nullptr);
    try {
        return JsonFields(parseJsonObject(person.extra, "extra"));
    } catch (const std::exception&) {
        return JsonFields(nullptr);  // a broken extra must not keep the person off the terminal
    }
}

// "1,2,3" from a string (kept as written) or an array of numbers.
std::optional<std::string> commaList(const JsonFields& extra, const char* key) {
    if (const auto list = extra.array(key)) {
        std::string out;
        for (std::size_t i = 0; i < list->size(); ++i) {
            if (const auto n = JsonFields::asText(list->get(static_cast<unsigned>(i)))) {
                out += (out.empty() ? "" : ",") + *n;
            }
        }
        return out;
    }
    return extra.text(key);
}

Poco::JSON::Array::Ptr templates(const Person& person, const std::string& kind, PersonAssets& assets,
                                 const PeopleJsonOptions& options) {
    std::vector<const Credential*> found;
    for (const auto& c : person.credentials) {
        if (c.kind == kind && !c.blob.empty()) found.push_back(&c);
    }
    std::sort(found.begin(), found.end(), [](const Credential* a, const Credential* b) { return a->index < b->index; });
    Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
    for (const Credential* c : found) {
        const auto data = assets.templateBase64(c->blob);
        if (!data) continue;
        Object::Ptr item = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
        item->set("Num", c->index);
        item->set("Data", *data);
        if (options.templateMd5) item->set("MD5", md5Upper(*data));
        out->add(item);
    }
    return out;
}

} // namespace

std::string utf8Prefix(const std::string& text, std::size_t maxBytes) {
    if (text.size() <= maxBytes) return text;
    std::size_t end = maxBytes;
    // Back off continuation bytes (10xxxxxx) so no character is split.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

Poco::JSON::Object::Ptr toPeopleJson(const Person& person, PersonAssets& assets, const PeopleJsonOptions& options) {
    const JsonFields extra = extraOf(person);
    Object::Ptr json = new Object(Poco::JSON_PRESERVE_KEY_ORDER);
    // Byte limits: "字符<64位" etc. are bytes, with room for the terminal's NUL.
    json->set("UserID", std::to_string(person.userId));
    json->set("Code", utf8Prefix(person.code, 63));
    json->set("Name", utf8Prefix(person.name, 63));
    json->set("Job", utf8Prefix(person.job, 63));
    json->set("Department", utf8Prefix(person.department, 63));
    json->set("IdentityCard", utf8Prefix(person.idCard, 63));
    json->set("Attachment", utf8Prefix(extra.text(extra::kAttachment).value_or(""), 199));

    // A member left out keeps what the terminal has: every credential is
    // sent, empty when the person has none (the records' examples show
    // "CardNum":"0" and "QRCode":"" for none; a password may be "长度 0").
    std::optional<PhotoRef> photo;
    if (!person.photoBlob.empty()) photo = assets.photo(person.photoBlob);
    json->set("Photo", photo ? photo->value : std::string());
    json->set("PhotoMD5", photo ? photo->md5 : std::string());
    json->set("PhotoLen", static_cast<Poco::UInt64>(photo ? photo->length : 0));
    const Credential* password = first(person, "password");
    json->set("Password", password ? password->value : std::string());
    const Credential* card = first(person, "card");
    json->set("CardNum", card ? card->value : std::string("0"));
    const Credential* qr = first(person, "qrcode");
    json->set("QRCode", qr ? utf8Prefix(qr->value, 127) : std::string());

    json->set("AccessType", accessType(person.role));
    std::int64_t expiration = person.validUntil.value_or(0);
    if (expiration < 0) expiration = 0;
    json->set("ExpirationDate", static_cast<Poco::Int64>(std::min(expiration, kLastExpiration)));
    const auto openTimes = extra.integer(extra::kOpenTimes).value_or(extra::kUnlimitedOpenTimes);
    json->set("OpenTimes", static_cast<int>(std::clamp<std::int64_t>(openTimes, 0, extra::kUnlimitedOpenTimes)));
    json->set("KeepOpen", extra.integer(extra::kKeepOpen).value_or(0) != 0 ? 1 : 0);
    const auto group = JsonFields::asInteger(Poco::Dynamic::Var(person.timeGroup));
    json->set("Timegroup", group && *group >= 0 && *group <= 64 ? static_cast<int>(*group) : options.noTimeGroup);
    if (const auto holidays = commaList(extra, extra::kHolidays)) json->set("Holidays", *holidays);
    if (const auto elevators = commaList(extra, extra::kElevators)) json->set("Elevators", *elevators);

    std::optional<std::string> feature;
    if (const Credential* face = first(person, "face_feature"); face && !face->blob.empty()) {
        feature = assets.templateBase64(face->blob);
    }
    json->set("FaceFeature", feature.value_or(""));
    if (options.templateMd5 && feature) json->set("FaceFeatureMD5", md5Upper(*feature));
    json->set("Fingerprints", templates(person, "fingerprint", assets, options));
    json->set("Palmveins", templates(person, "palmvein", assets, options));
    return json;
}

} // namespace passway::httpv2
