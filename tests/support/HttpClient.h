#pragma once

// A minimal HTTP client for tests that talk to a real server on 127.0.0.1.

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

#include <cstdint>
#include <sstream>
#include <string>

namespace passway::test {

struct HttpReply {
    int status = 0;
    std::string body;
    std::string contentType;

    Poco::JSON::Object::Ptr json() const {
        return Poco::JSON::Parser().parse(body).extract<Poco::JSON::Object::Ptr>();
    }
};

inline HttpReply httpRequest(std::uint16_t port, const std::string& method, const std::string& path,
                             const std::string& body = "", const std::string& token = "",
                             const std::string& contentType = "application/json") {
    Poco::Net::HTTPClientSession session("127.0.0.1", port);
    session.setTimeout(Poco::Timespan(10, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) request.set("Authorization", "Bearer " + token);
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        request.setContentType(contentType);
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(request) << body;
    } else {
        session.sendRequest(request);
    }
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    HttpReply reply;
    reply.status = static_cast<int>(response.getStatus());
    reply.contentType = response.getContentType();
    Poco::StreamCopier::copyToString(in, reply.body);
    return reply;
}

inline std::string login(std::uint16_t port, const std::string& username, const std::string& password) {
    Poco::JSON::Object credentials;
    credentials.set("username", username);
    credentials.set("password", password);
    std::ostringstream body;
    credentials.stringify(body);
    const HttpReply reply = httpRequest(port, "POST", "/api/v1/auth/login", body.str());
    if (reply.status != 200) return "";
    return reply.json()->getValue<std::string>("token");
}

} // namespace passway::test
