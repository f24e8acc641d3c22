#include "sim/henan/SimWire.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/SHA2Engine.h>
#include <Poco/String.h>
#include <Poco/URI.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace passway::sim::henan {

const std::vector<std::string>& interfaceParams(const std::string& path) {
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

std::string valueOf(const Params& params, const std::string& name) {
    for (const auto& [k, v] : params) {
        if (k == name) return v;
    }
    return "";
}

std::string signOf(const Params& params, const std::vector<std::string>& order, const std::string& secret) {
    std::string joined;
    for (const auto& name : order) {
        const auto found = std::find_if(params.begin(), params.end(), [&](const auto& p) { return p.first == name; });
        if (found == params.end()) continue;
        joined += (joined.empty() ? "" : "&") + name + "=" + found->second;
    }
    joined += "&appsecret=" + secret;
    Poco::SHA2Engine sha(Poco::SHA2Engine::SHA_256);
    sha.update(Poco::toLower(joined));
    return Poco::DigestEngine::digestToHex(sha.digest());
}

bool signMatches(const std::string& path, const Params& params, const std::string& secret, const std::string& sign) {
    return Poco::icompare(signOf(params, interfaceParams(path), secret), sign) == 0;
}

std::string formEncode(const Params& params) {
    std::string out;
    for (const auto& [k, v] : params) {
        std::string ek, ev;
        Poco::URI::encode(k, "!#$&'()*+,/:;=?@[]", ek);
        Poco::URI::encode(v, "!#$&'()*+,/:;=?@[]", ev);
        out += (out.empty() ? "" : "&") + ek + "=" + ev;
    }
    return out;
}

Params formDecode(const std::string& body) {
    Params out;
    std::istringstream in(body);
    std::string pair;
    while (std::getline(in, pair, '&')) {
        if (pair.empty()) continue;
        std::replace(pair.begin(), pair.end(), '+', ' ');
        const auto eq = pair.find('=');
        std::string k, v;
        Poco::URI::decode(pair.substr(0, eq), k);
        if (eq != std::string::npos) Poco::URI::decode(pair.substr(eq + 1), v);
        out.emplace_back(k, v);
    }
    return out;
}

std::string base64Encode(const std::string& bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);  // MIME lines, as the document's Base64.getMimeEncoder()
    encoder << bytes;
    encoder.close();
    return out.str();
}

std::string base64Decode(const std::string& text) {
    std::istringstream in(text);
    Poco::Base64Decoder decoder(in);
    return std::string(std::istreambuf_iterator<char>(decoder), {});
}

namespace {
Poco::Dynamic::Var decoded(const Poco::Dynamic::Var& data) {
    if (!data.isString()) return data;
    try {
        return Poco::JSON::Parser().parse(data.convert<std::string>());
    } catch (const std::exception&) {
        return {};
    }
}
}  // namespace

Poco::JSON::Object::Ptr Answer::object() const {
    const auto d = decoded(data);
    return d.type() == typeid(Poco::JSON::Object::Ptr) ? d.extract<Poco::JSON::Object::Ptr>() : nullptr;
}

Poco::JSON::Array::Ptr Answer::array() const {
    const auto d = decoded(data);
    return d.type() == typeid(Poco::JSON::Array::Ptr) ? d.extract<Poco::JSON::Array::Ptr>() : nullptr;
}

std::string Answer::field(const std::string& name) const {
    const auto o = object();
    if (!o || !o->has(name) || o->get(name).isEmpty()) return "";
    return o->get(name).convert<std::string>();
}

Answer parseAnswer(int status, const std::string& body) {
    Answer a;
    a.status = status;
    a.body = body;
    try {
        const auto o = Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
        a.msg = o->optValue<std::string>("msg", "");
        a.success = o->has("success") ? o->get("success").convert<int>() : -1;
        a.data = o->get("data");
    } catch (const std::exception&) {
        a.success = -1;
    }
    return a;
}

std::string answerBody(int success, const std::string& msg, const Poco::Dynamic::Var& data) {
    Poco::JSON::Object o(Poco::JSON_PRESERVE_KEY_ORDER);
    o.set("msg", msg);
    o.set("data", data);
    o.set("success", success);
    std::ostringstream out;
    o.stringify(out);
    return out.str();
}

}  // namespace passway::sim::henan
