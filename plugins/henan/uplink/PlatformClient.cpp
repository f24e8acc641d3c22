#include "uplink/PlatformClient.h"

#include "wire/Form.h"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/StreamCopier.h>
#include <Poco/URI.h>

#include <memory>
#include <stdexcept>

namespace passway::henan {

namespace {

constexpr std::size_t kMaxAnswer = 32u << 20;

std::unique_ptr<Poco::Net::HTTPClientSession> sessionFor(const Poco::URI& uri, int timeoutSeconds) {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (uri.getScheme() == "https") {
        session = std::make_unique<Poco::Net::HTTPSClientSession>(uri.getHost(), uri.getPort());
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(uri.getHost(), uri.getPort());
    }
    session->setTimeout(Poco::Timespan(timeoutSeconds, 0));
    return session;
}

std::string readBody(std::istream& in, std::size_t maxBytes) {
    std::string body;
    char buffer[8192];
    while (in) {
        in.read(buffer, sizeof buffer);
        body.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (body.size() > maxBytes) throw std::runtime_error("answer larger than " + std::to_string(maxBytes) + " bytes");
    }
    return body;
}

}  // namespace

Poco::Dynamic::Var PlatformAnswer::decodedData() const {
    if (data.isEmpty()) return {};
    if (data.isString()) {
        const std::string text = data.convert<std::string>();
        if (text.empty()) return {};
        try {
            return Poco::JSON::Parser().parse(text);
        } catch (const std::exception&) {
            return {};
        }
    }
    return data;
}

PlatformAnswer PlatformClient::post(const std::string& path, FormParams params) const {
    FormParams signedParams{{"appid", config_.appid}, {"sn", config_.sn}, {"version", config_.version}};
    signedParams.insert(signedParams.end(), params.begin(), params.end());
    signedParams.emplace_back("sign", Signature::sign(path, signedParams, config_.secret));
    const std::string body = encodeForm(signedParams);

    const Poco::URI uri(config_.url + path);
    PlatformAnswer answer;
    try {
        auto session = sessionFor(uri, config_.timeoutSeconds);
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, uri.getPathEtc(),
                                       Poco::Net::HTTPMessage::HTTP_1_1);
        request.setContentType("application/x-www-form-urlencoded");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session->sendRequest(request) << body;
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        answer.httpStatus = static_cast<int>(response.getStatus());
        const std::string text = readBody(in, kMaxAnswer);
        const auto parsed = Poco::JSON::Parser().parse(text);
        const auto object = parsed.extract<Poco::JSON::Object::Ptr>();
        answer.message = object->optValue<std::string>("msg", "");
        answer.data = object->get("data");
        const auto success = object->get("success");
        answer.success = !success.isEmpty() && success.convert<std::string>() == "1";
    } catch (const Poco::Exception& e) {
        throw std::runtime_error(path + ": " + e.displayText());
    } catch (const std::exception& e) {
        throw std::runtime_error(path + ": " + (answer.httpStatus ? "HTTP " + std::to_string(answer.httpStatus) + ", " : "") +
                                 e.what());
    }
    return answer;
}

std::string PlatformClient::fetch(const std::string& url, std::size_t maxBytes) const {
    try {
        const Poco::URI uri(url);
        auto session = sessionFor(uri, config_.timeoutSeconds);
        Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
        session->sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& in = session->receiveResponse(response);
        if (response.getStatus() != Poco::Net::HTTPResponse::HTTP_OK) {
            throw std::runtime_error("HTTP " + std::to_string(static_cast<int>(response.getStatus())));
        }
        return readBody(in, maxBytes);
    } catch (const Poco::Exception& e) {
        throw std::runtime_error("picUrl: " + e.displayText());
    }
}

}  // namespace passway::henan
