#pragma once

// The wire of seed 003 as the simulators speak it, written from the
// document (not from the plugin): form parameters, the signature
// (签名生成算法) and the {"msg","data","success"} answers.

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace passway::sim::henan {

using Params = std::vector<std::pair<std::string, std::string>>;

// The parameters each interface lists, in the document's order (sign left out).
const std::vector<std::string>& interfaceParams(const std::string& path);

// Step 1-3 of the document: "name=value" of the declared parameters the
// request carries, '&'-joined, "&appsecret=<secret>", lower-cased, SHA-256 hex.
std::string signOf(const Params& params, const std::vector<std::string>& order, const std::string& secret);
bool signMatches(const std::string& path, const Params& params, const std::string& secret, const std::string& sign);

std::string formEncode(const Params& params);
Params formDecode(const std::string& body);
std::string valueOf(const Params& params, const std::string& name);

std::string base64Encode(const std::string& bytes);
std::string base64Decode(const std::string& text);

// An answer as the simulators read it.
struct Answer {
    int status = 0;
    std::string body;
    std::string msg;
    int success = -1;
    Poco::Dynamic::Var data;  // as sent
    // `data` as an object (a JSON string holding one decoded); null when neither.
    Poco::JSON::Object::Ptr object() const;
    // `data` as an array (a JSON string holding one decoded); null when neither.
    Poco::JSON::Array::Ptr array() const;
    std::string field(const std::string& name) const;  // of object()
};

Answer parseAnswer(int status, const std::string& body);
std::string answerBody(int success, const std::string& msg, const Poco::Dynamic::Var& data);

}  // namespace passway::sim::henan
