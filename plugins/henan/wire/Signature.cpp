#include "wire/Signature.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>

#include <algorithm>
#include <map>

namespace passway::henan {

const std::vector<std::string>& Signature::declared(const std::string& path) {
    // Each interface's parameters as its table in the document lists them
    // (sign left out: it is never signed).
    static const std::map<std::string, std::vector<std::string>> table{
        {"/device/getServer", {"appid", "sn", "version", "data"}},
        {"/device/getDeviceInfo", {"appid", "sn", "code", "data", "version"}},
        {"/device/setTimeInfo", {"appid", "sn", "code", "version"}},
        {"/person/downloadPersonData", {"appid", "sn", "code", "version"}},
        {"/attendance/uploadAttendance", {"appid", "sn", "code", "version", "data"}},
        {"/person/uploadPerson", {"appid", "sn", "code", "version", "data"}},
        {"/person/deletePerson", {"appid", "sn", "code", "version"}},
        {"/person/setAdmin", {"appid", "sn", "code", "version"}},
        {"/device/reboot", {"appid", "sn", "code", "version"}},
        {"/device/callback", {"appid", "sn", "code", "version", "data"}},
        {"/device/createOperation", {"appid", "sn", "version", "cmd", "params"}},
        {"/device/registrationModel", {"appid", "sn", "code", "version", "data"}},
        {"/device/machineOperation", {"appid", "sn", "code", "data", "version"}},
    };
    static const std::vector<std::string> none;
    const auto found = table.find(path);
    return found == table.end() ? none : found->second;
}

const std::string* findParam(const FormParams& params, const std::string& name) {
    for (const auto& [key, value] : params) {
        if (key == name) return &value;
    }
    return nullptr;
}

std::string Signature::canonical(const FormParams& params, const std::vector<std::string>& order,
                                 const std::string& secret) {
    std::string text;
    for (const auto& name : order) {
        const std::string* value = findParam(params, name);
        if (!value) continue;
        if (!text.empty()) text += '&';
        text += name + "=" + *value;
    }
    text += "&appsecret=" + secret;
    return Poco::toLower(text);
}

std::string Signature::sha256Hex(const std::string& text) {
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(text);
    return Poco::DigestEngine::digestToHex(sha.digest());
}

std::string Signature::sign(const std::string& path, const FormParams& params, const std::string& secret) {
    return sha256Hex(canonical(params, declared(path), secret));
}

bool Signature::verify(const std::string& path, const FormParams& params, const std::string& secret,
                       const std::string& sign) {
    const auto& order = declared(path);
    if (Poco::icompare(sha256Hex(canonical(params, order, secret)), sign) == 0) return true;
    std::vector<std::string> alphabetical = order;
    std::sort(alphabetical.begin(), alphabetical.end());
    return Poco::icompare(sha256Hex(canonical(params, alphabetical, secret)), sign) == 0;
}

}  // namespace passway::henan
