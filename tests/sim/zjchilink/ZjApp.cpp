#include "sim/zjchilink/ZjApp.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/DatagramSocket.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>

namespace passway::sim::zjchilink {

Poco::JSON::Object::Ptr Answer::msgObject() const {
    return msg.type() == typeid(Poco::JSON::Object::Ptr) ? msg.extract<Poco::JSON::Object::Ptr>() : nullptr;
}

Poco::JSON::Object::Ptr Answer::data() const {
    const auto m = msgObject();
    return m ? m->getObject("data") : nullptr;
}

Answer ZjApp::call(const std::string& method, const std::string& path, const std::string& body) const {
    Poco::Net::HTTPClientSession session("127.0.0.1", port_);
    session.setTimeout(Poco::Timespan(15, 0));
    Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
    if (!token.empty()) request.set("Authorization", "Token " + token);
    if (!body.empty()) {
        request.setContentType("application/json");
        request.setContentLength(static_cast<std::streamsize>(body.size()));
        session.sendRequest(request) << body;
    } else {
        session.sendRequest(request);
    }
    Poco::Net::HTTPResponse response;
    std::istream& in = session.receiveResponse(response);
    Answer a;
    a.http = static_cast<int>(response.getStatus());
    a.contentType = response.getContentType();
    Poco::StreamCopier::copyToString(in, a.body);
    if (a.contentType.find("json") != std::string::npos) {
        try {
            const auto object = Poco::JSON::Parser().parse(a.body).extract<Poco::JSON::Object::Ptr>();
            a.status = object->optValue<int>("status", 0);
            a.msg = object->get("msg");
            a.desc = object->optValue<std::string>("desc", "");
        } catch (const std::exception&) {
            a.status = 0;
        }
        std::lock_guard lock(mutex_);
        seen_.push_back(a.status);
    }
    return a;
}

Answer ZjApp::requestCode(const std::string& phone) const {
    return post("/api/accounts/register_get_smscode/", R"({"username":")" + phone + R"("})");
}

Answer ZjApp::registerUser(const std::string& phone, const std::string& password, const std::string& code) const {
    return post("/api/accounts/register_sms/", R"({"username":")" + phone + R"(","email":"none","password":")" + password +
                                                   R"(","password_2":")" + password + R"(","sms_code":")" + code +
                                                   R"(","first_name":"none","last_name":"none"})");
}

Answer ZjApp::login(const std::string& phone, const std::string& password) {
    const Answer a = post("/api/accounts/login/", R"({"username":")" + phone + R"(","password":")" + password +
                                                      R"(","language":"en","uuid":"sim-phone","devtype":"android"})");
    if (a.status == 200003) token = a.msgObject()->getValue<std::string>("token");
    return a;
}

std::vector<int> ZjApp::seenStatuses() const {
    std::lock_guard lock(mutex_);
    return seen_;
}

std::string udpProbe(std::uint16_t port, const std::string& probe, int timeoutMs) {
    Poco::Net::DatagramSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0), true);
    socket.setReceiveTimeout(Poco::Timespan(0, timeoutMs * 1000));
    socket.sendTo(probe.data(), static_cast<int>(probe.size()), Poco::Net::SocketAddress("127.0.0.1", port));
    char buffer[16384];
    Poco::Net::SocketAddress sender;
    try {
        const int n = socket.receiveFrom(buffer, sizeof buffer, sender);
        return std::string(buffer, static_cast<std::size_t>(n > 0 ? n : 0));
    } catch (const Poco::TimeoutException&) {
        return {};
    }
}

}  // namespace passway::sim::zjchilink
