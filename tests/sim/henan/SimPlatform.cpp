#include "sim/henan/SimPlatform.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>

#include <chrono>
#include <set>
#include <sstream>

namespace passway::sim::henan {

namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(SimPlatform& p) : platform_(p) {}
    void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override {
        const std::string path = request.getURI().substr(0, request.getURI().find('?'));
        if (request.getMethod() == "GET" && path.rfind("/photo/", 0) == 0) {
            const std::string bytes = platform_.photo(path.substr(7));
            response.setStatus(bytes.empty() ? Poco::Net::HTTPResponse::HTTP_NOT_FOUND : Poco::Net::HTTPResponse::HTTP_OK);
            response.setContentType("image/jpeg");
            response.setContentLength(static_cast<std::streamsize>(bytes.size()));
            response.send() << bytes;
            return;
        }
        std::string body;
        Poco::StreamCopier::copyToString(request.stream(), body);
        const std::string answer = platform_.handle(path, formDecode(body), request.getHost());
        response.setContentType("application/json; charset=utf-8");
        response.setContentLength(static_cast<std::streamsize>(answer.size()));
        response.send() << answer;
    }

private:
    SimPlatform& platform_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(SimPlatform& p) : platform_(p) {}
    Poco::Net::HTTPRequestHandler* createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(platform_);
    }

private:
    SimPlatform& platform_;
};

std::string nowMillisText() {
    using namespace std::chrono;
    return std::to_string(duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count());
}

}  // namespace

SimPlatform::SimPlatform(std::string appid, std::string secret, std::uint16_t port)
    : appid_(std::move(appid)), secret_(std::move(secret)), port_(port) {
    start();
}

SimPlatform::~SimPlatform() { stop(); }

void SimPlatform::start() {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress("127.0.0.1", port_), true);
    socket.listen(64);
    port_ = socket.address().port();
    auto params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(8);
    params->setKeepAlive(false);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(*this), socket, params);
    server_->start();
}

void SimPlatform::stop() {
    if (!server_) return;
    server_->stopAll(true);
    server_.reset();
}

std::string SimPlatform::queue(const std::string& sn, PlatformCommand command) {
    std::lock_guard lock(mutex_);
    command.code = std::to_string(nextCode_++);
    for (const auto& p : command.persons) photos_[p.userCode + ".jpg"] = p.photo;
    queued_[sn].push_back(command);
    return command.code;
}

std::vector<ReceivedPunch> SimPlatform::punches() const {
    std::lock_guard lock(mutex_);
    return punches_;
}
std::size_t SimPlatform::duplicates() const {
    std::lock_guard lock(mutex_);
    return duplicates_;
}
std::size_t SimPlatform::heartbeats() const {
    std::lock_guard lock(mutex_);
    return heartbeats_;
}
std::size_t SimPlatform::refusedSigns() const {
    std::lock_guard lock(mutex_);
    return refusedSigns_;
}
std::map<std::string, std::string> SimPlatform::callbacks() const {
    std::lock_guard lock(mutex_);
    return callbacks_;
}
std::string SimPlatform::photo(const std::string& name) const {
    std::lock_guard lock(mutex_);
    const auto found = photos_.find(name);
    return found == photos_.end() ? std::string() : found->second;
}

std::string SimPlatform::handle(const std::string& path, const Params& params, const std::string& host) {
    if (interfaceParams(path).empty()) return answerBody(0, "异常：操作失败", "");
    if (valueOf(params, "appid") != appid_) return answerBody(0, "设备appid不存在", "");
    const std::string sign = valueOf(params, "sign");
    std::lock_guard lock(mutex_);
    if (sign.empty()) return answerBody(0, "为传入设备sign", "");
    if (!signMatches(path, params, secret_, sign)) {
        ++refusedSigns_;
        return answerBody(0, "sign验证失败", "");
    }
    const std::string sn = valueOf(params, "sn");
    const std::string version = valueOf(params, "version");
    if (path == "/device/getServer") {
        ++heartbeats_;
        Poco::JSON::Object::Ptr data = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
        data->set("ext", "");
        data->set("serverTime", nowMillisText());
        data->set("timeInterval", "1");
        data->set("attendanceTimeInterval", "1");
        const std::string attendance = valueOf(params, "data");
        if (!attendance.empty()) {
            const auto list = Poco::JSON::Parser().parse(attendance).extract<Poco::JSON::Array::Ptr>();
            for (unsigned i = 0; i < list->size(); ++i) {
                const auto item = list->getObject(i);
                ReceivedPunch p{sn, item->get("userCode").convert<std::string>(), item->optValue<std::string>("time", ""),
                                item->optValue<std::string>("type", ""), item->optValue<std::string>("temperature", ""),
                                base64Decode(item->optValue<std::string>("pic", "")).size()};
                bool seen = false;
                for (const auto& q : punches_) seen = seen || (q.sn == p.sn && q.userCode == p.userCode && q.time == p.time);
                if (seen) {
                    ++duplicates_;
                } else {
                    punches_.push_back(p);
                }
            }
            return answerBody(1, "操作成功", data);
        }
        auto& queue = queued_[sn];
        if (inHand_.count(sn) == 0 && !queue.empty()) {
            inHand_[sn] = queue.front();
            queue.pop_front();
        }
        if (!inHand_.count(sn)) return answerBody(1, "暂无命令", data);
        data->set("cmd", inHand_[sn].cmd);
        data->set("code", inHand_[sn].code);
        return answerBody(1, "获取成功", data);
    }
    const std::string code = valueOf(params, "code");
    const auto hand = inHand_.find(sn);
    const bool matches = hand != inHand_.end() && hand->second.code == code;
    if (path == "/device/callback") {
        callbacks_[code] = valueOf(params, "data");
        if (matches) inHand_.erase(hand);
        return answerBody(1, "操作成功", "");
    }
    if (!matches) return answerBody(1, "暂无命令", "");
    const auto& command = hand->second;
    if (path == "/person/downloadPersonData") {
        Poco::JSON::Array list;
        for (const auto& p : command.persons) {
            Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
            item.set("userCode", p.userCode);
            item.set("name", p.name);
            item.set("password", "");
            item.set("idCard", "");
            if (version == "v1") {
                item.set("pic", base64Encode(p.photo));
            } else {
                item.set("picUrl", "http://" + host + "/photo/" + p.userCode + ".jpg");
            }
            list.add(item);
        }
        std::ostringstream text;
        list.stringify(text);
        return answerBody(1, "操作成功", text.str());  // double-encoded, as the document's example
    }
    if (path == "/person/deletePerson" || path == "/person/setAdmin") {
        return answerBody(1, "获取成功", Poco::JSON::Parser().parse(command.params));
    }
    if (path == "/device/reboot") {
        Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
        data->set("times", "-1");
        return answerBody(1, "获取成功", data);
    }
    if (path == "/device/setTimeInfo") {
        Poco::JSON::Object::Ptr data = new Poco::JSON::Object;
        data->set("serverTime", nowMillisText());
        return answerBody(1, "获取成功", data);
    }
    return answerBody(1, "获取成功", "");
}

}  // namespace passway::sim::henan
