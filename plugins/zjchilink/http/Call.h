#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <map>
#include <string>

namespace passway::zjchilink {

// One API call, as it came over HTTP or as one sub-request of a batch
// `patch`: what the handlers see.
struct Call {
    std::string method;                          // GET POST PUT DELETE
    std::string path;                            // "/api/iot/space/3/"
    std::map<std::string, std::string> query;    // decoded query parameters
    Poco::JSON::Object::Ptr body;                // the JSON body (an empty object when none)
    std::string token;                           // from "Authorization: Token <token>"
    std::string peer;                            // the client's address, for logs
    Poco::JSON::Object::Ptr user;                // the app account, once the token is checked
    std::int64_t id = 0;                         // the trailing id of the path (0: none)
    std::string rest;                            // what follows the endpoint prefix ("3/", "latest/")

    std::int64_t userId() const { return user ? user->getValue<Poco::Int64>("id") : 0; }
    // body["data"] as an object (the iot endpoints wrap their fields in "data"); null when absent.
    Poco::JSON::Object::Ptr data() const { return body ? body->getObject("data") : nullptr; }
    std::string param(const std::string& name, const std::string& fallback = {}) const {
        const auto found = query.find(name);
        return found == query.end() ? fallback : found->second;
    }
};

}  // namespace passway::zjchilink
