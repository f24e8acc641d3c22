#include "sim/attlog/SimBridge.h"

#include "wire/TolerantJson.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/Context.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/Net/HTTPSClientSession.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/StreamCopier.h>

#include <memory>
#include <sstream>

namespace passway::sim::attlog {

namespace {

Poco::JSON::Object::Ptr object() {
    return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
}

Poco::Net::Context::Ptr tlsContext() {
    static std::once_flag once;
    static Poco::Net::Context::Ptr context;
    std::call_once(once, [] {
        Poco::Net::initializeSSL();
        context = new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", Poco::Net::Context::VERIFY_NONE);
    });
    return context;
}

std::string text(const Poco::JSON::Object::Ptr& o) {
    std::ostringstream out;
    o->stringify(out);
    return out.str();
}

}  // namespace

bool BridgeReply::ok() const {
    return status == 200 && state() == "OK";
}
std::string BridgeReply::state() const {
    return body ? body->optValue<std::string>("state", "") : "";
}
std::string BridgeReply::message() const {
    return body ? body->optValue<std::string>("message", "") : "";
}

Poco::JSON::Object::Ptr SimBridge::record(const std::string& pin, const std::string& time, int status,
                                          const std::string& verify, const std::string& workcode) {
    auto r = object();
    r->set("PIN", pin);
    r->set("TIME", time);
    r->set("STATUS", status);
    r->set("VERIFY", verify);
    r->set("WORKCODE", workcode);
    r->set("RESERVED1", "0");
    r->set("RESERVED2", "0");
    return r;
}

BridgeReply SimBridge::post(const std::string& path, const std::string& body) {
    std::unique_ptr<Poco::Net::HTTPClientSession> session;
    if (options_.tls) {
        session = std::make_unique<Poco::Net::HTTPSClientSession>(options_.host, options_.port, tlsContext());
    } else {
        session = std::make_unique<Poco::Net::HTTPClientSession>(options_.host, options_.port);
    }
    session->setTimeout(Poco::Timespan(20, 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/json");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session->sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::istream& in = session->receiveResponse(response);
    BridgeReply reply;
    reply.status = static_cast<int>(response.getStatus());
    Poco::StreamCopier::copyToString(in, reply.text);
    try {
        reply.body = passway::attlog::readJsonObject(reply.text);
    } catch (const std::exception&) {
        reply.body = nullptr;
    }
    return reply;
}

BridgeReply SimBridge::postObject(const std::string& path, const Poco::JSON::Object::Ptr& body) {
    return post(path, text(body));
}

BridgeReply SimBridge::newLog(const std::string& serial, const Poco::JSON::Object::Ptr& record) {
    auto body = object();
    body->set("token", options_.token);
    body->set("SN", serial);
    body->set("record", record);
    return postObject(options_.newPath, body);
}

BridgeReply SimBridge::syncLogs(const std::string& serial, const std::vector<Poco::JSON::Object::Ptr>& records) {
    auto body = object();
    body->set("token", options_.token);
    body->set("SN", serial);
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array();
    for (const auto& r : records) list->add(r);
    body->set("records", list);
    return postObject(options_.syncPath, body);
}

UserPoll SimBridge::pollUsers(const std::string& serial) {
    auto body = object();
    body->set("token", options_.token);
    body->set("SN", serial);
    if (options_.echoTimeStamp) {
        std::lock_guard lock(mutex_);
        const auto at = appliedTimeStamp_.find(serial);
        if (at != appliedTimeStamp_.end()) body->set("timeStamp", at->second);
    }
    UserPoll poll;
    poll.reply = postObject(options_.usersPath, body);
    if (!poll.reply.ok()) return poll;
    const auto& answer = *poll.reply.body;
    poll.timeStamp = answer.optValue<Poco::Int64>("timeStamp", 0);
    std::lock_guard lock(mutex_);
    const auto last = appliedTimeStamp_.find(serial);
    if (last != appliedTimeStamp_.end() && last->second == poll.timeStamp) return poll;  // nothing new: skipped
    poll.applied = true;
    auto& held = users_[serial];
    if (const auto updates = answer.getArray("update_users")) {
        for (unsigned i = 0; i < updates->size(); ++i) {
            const auto u = updates->getObject(i);
            const std::string pin = u->getValue<std::string>("PIN");
            held[pin] = u;
            poll.updated.push_back(pin);
        }
    }
    if (const auto deletions = answer.getArray("dele_users")) {
        for (unsigned i = 0; i < deletions->size(); ++i) {
            const std::string pin = deletions->getObject(i)->getValue<std::string>("PIN");
            held.erase(pin);
            poll.deleted.push_back(pin);
        }
    }
    appliedTimeStamp_[serial] = poll.timeStamp;
    return poll;
}

BridgeReply SimBridge::pollCommands(const std::string& serial) {
    auto body = object();
    body->set("token", options_.token);
    body->set("SN", serial);
    BridgeReply reply = postObject(options_.commandPath, body);
    if (reply.status != 200 || !reply.body) return reply;
    const auto list = reply.body->getObject("cmd_list");
    if (!list) return reply;
    for (const auto& [name, value] : *list) {
        {
            std::lock_guard lock(mutex_);
            commands_.push_back(name);
        }
        if (options_.failingCommands.count(name)) errorLog(serial, name + " ;return -1 . 2017-08-01 13:40:38");
    }
    return reply;
}

BridgeReply SimBridge::errorLog(const std::string& serial, const std::string& content, const std::string& type) {
    auto log = object();
    log->set("SN", serial);
    log->set("type", type);
    log->set("content", content);
    log->set("wTime", 1213443553);
    auto body = object();
    body->set("token", options_.token);
    body->set("log_data", log);
    return postObject(options_.errorLogPath, body);
}

std::map<std::string, Poco::JSON::Object::Ptr> SimBridge::users(const std::string& serial) const {
    std::lock_guard lock(mutex_);
    const auto found = users_.find(serial);
    return found == users_.end() ? std::map<std::string, Poco::JSON::Object::Ptr>{} : found->second;
}

std::vector<std::string> SimBridge::commandsReceived() const {
    std::lock_guard lock(mutex_);
    return commands_;
}

}  // namespace passway::sim::attlog
