#include "http/Router.h"

#include "passway/HostError.h"
#include "passway/JsonText.h"
#include "wire/StatusCodes.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Logger.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace passway::zjchilink {

namespace {

constexpr std::size_t kMaxBatch = 100;

Reply noHandler(Services&, Call&) { throw ApiError(code::kUrlInvalid, "batch only"); }

std::map<std::string, std::string> queryOf(const std::string& target) {
    std::map<std::string, std::string> out;
    try {
        for (const auto& [k, v] : Poco::URI(target).getQueryParameters()) out[k] = v;
    } catch (const std::exception&) {
        throw ApiError(code::kParams, "the query cannot be read");
    }
    return out;
}

Poco::JSON::Object::Ptr parseBody(const std::string& body) {
    if (body.find_first_not_of(" \t\r\n") == std::string::npos) return passway::json::ordered();
    try {
        Poco::JSON::Parser parser;
        const auto value = parser.parse(body);
        if (value.type() == typeid(Poco::JSON::Object::Ptr)) return value.extract<Poco::JSON::Object::Ptr>();
    } catch (const std::exception&) {
    }
    throw ApiError(code::kParams, "the body is not a JSON object");
}

std::string tokenOf(const net::HttpRequest& request) {
    const std::string header = Poco::trim(request.header("Authorization"));
    if (header.size() > 6 && Poco::icompare(header.substr(0, 6), "Token ") == 0) return Poco::trim(header.substr(6));
    return {};
}

}  // namespace

const std::vector<Router::Route>& Router::routes() {
    static const std::vector<Route> table = {
        {"/api/accounts/register_get_smscode/", "POST", 0, registerSmsCode, false},
        {"/api/accounts/register_sms/", "POST", 0, registerBySms, false},
        {"/api/accounts/login/", "POST", 0, login, false},
        {"/api/accounts/user_get_profile/", "GET", code::kProfileTokenInvalid, getProfile, false},
        {"/api/accounts/password_reset_old_psw/", "POST", 0, resetByOldPassword, false},
        {"/api/accounts/password_reset_get_smscode/", "POST", 0, resetSmsCode, false},
        {"/api/accounts/password_reset_sms/", "POST", 0, resetBySms, false},
        {"/api/accounts/user_update_profile/", "POST", code::kUpdateTokenInvalid, updateProfile, false},
        {"/api/accounts/user_update_avatar/", "POST", code::kAvatarTokenInvalid, updateAvatar, false},
        {"/api/accounts/user_get_avatar/", "GET", 400034, getAvatar, true},
        {"/api/accounts/user_get_username_external/", "GET", 0, externalUsername, true},
        {"/api/accounts/register/gw/", "POST", 0, registerGateway, false},
        {"/api/iot/iot_manage_view/", "GET POST PUT DELETE", code::kTokenInvalid, devices, false},
        {"/api/iot/authorization/", "GET POST PUT DELETE", code::kTokenInvalid, authorizations, false},
        {"/api/iot/space/", "GET POST PUT DELETE", code::kTokenInvalid, spaces, false},
        {"/api/iot/patch/", "POST", code::kTokenInvalid, noHandler, false},
        {"/api/iot/sms/alarm/", "POST", code::kTokenInvalid, smsAlarm, false},
        {"/api/iot/members/", "GET POST PUT DELETE", code::kTokenInvalid, members, false},
        {"/api/iot/keys/", "GET POST PUT DELETE", code::kTokenInvalid, keys, false},
        {"/api/iot/messages/", "GET POST DELETE", code::kTokenInvalid, messages, false},
        {"/api/iot/temporary_passwords/", "GET POST", code::kTokenInvalid, temporaryPasswords, false},
        {"/api/iot/home/", "GET PUT", code::kTokenInvalid, home, false},
        {"/api/iot/versions/", "GET", code::kTokenInvalid, versions, true},
        {"/api/iot/version/", "GET", code::kTokenInvalid, versions, true},
        {"/api/iot/get_timestamp/", "GET", code::kTokenInvalid, timestamp, false},
        {"/api/iot/feedback/", "POST", code::kTokenInvalid, feedback, false},
        {"/api/iot/share/", "POST", code::kTokenInvalid, share, false},
    };
    return table;
}

const Router::Route* Router::find(const std::string& rawPath, std::string& rest) {
    std::string path = rawPath;
    if (path.empty() || path.back() != '/') path += '/';
    for (const auto& route : routes()) {
        const std::string prefix = route.prefix;
        if (path.compare(0, prefix.size(), prefix) == 0) {
            rest = path.substr(prefix.size());
            if (!route.freeRest && !rest.empty()) {
                // Only "<id>/" may follow.
                const std::string id = rest.substr(0, rest.size() - 1);
                if (id.empty() || id.size() > 12 || id.find_first_not_of("0123456789") != std::string::npos ||
                    rest.back() != '/') {
                    return nullptr;
                }
            }
            return &route;
        }
    }
    return nullptr;
}

Reply Router::dispatch(Call& call, bool insideBatch) {
    auto& s = *services_;
    const Route* route = find(call.path, call.rest);
    if (!route || (insideBatch && route->handler == noHandler)) {
        throw ApiError(code::kUrlInvalid, "no such path: " + call.path);
    }
    if ((" " + std::string(route->methods) + " ").find(" " + call.method + " ") == std::string::npos) {
        throw ApiError(code::kMethodUnsupported, call.method + " is not served on " + route->prefix + " (" + route->methods + ")");
    }
    if (!route->freeRest && !call.rest.empty()) call.id = std::stoll(call.rest);
    if (route->tokenCode) {
        call.user = call.user ? call.user : s.accounts.byToken(call.token);
        if (!call.user) throw ApiError(route->tokenCode, "Authorization: Token <token> is missing or not valid");
    }
    if (route->handler == noHandler) return batch(call);
    if (call.method == "GET") return route->handler(s, call);
    std::lock_guard lock(s.writes);
    return route->handler(s, call);
}

Reply Router::batch(Call& call) {
    const auto items = call.body->getArray("data");
    if (!items || items->size() == 0 || items->size() > kMaxBatch) {
        throw ApiError(code::kParams, "data must be a list of 1.." + std::to_string(kMaxBatch) + " requests");
    }
    Poco::JSON::Array::Ptr answers(new Poco::JSON::Array);
    std::size_t succeeded = 0;
    for (unsigned i = 0; i < items->size(); ++i) {
        const auto item = items->getObject(i);
        auto answer = passway::json::ordered();
        answer->set("seq", item ? textField(item, "seq") : std::string());
        Call sub;
        sub.user = call.user;
        sub.token = call.token;
        sub.peer = call.peer;
        try {
            if (!item) throw ApiError(code::kParams, "each request is an object");
            sub.method = Poco::toUpper(textField(item, "method"));
            if (sub.method != "GET" && sub.method != "POST" && sub.method != "PUT" && sub.method != "DELETE") {
                throw ApiError(code::kMethodUnsupported, "method " + sub.method + " is not supported");
            }
            std::string url = textField(item, "url");
            const auto scheme = url.find("://");
            if (scheme != std::string::npos) {
                const std::string name = Poco::toLower(url.substr(0, scheme));
                if (name != "http" && name != "https") throw ApiError(code::kProtocolUnsupported, "protocol " + name);
                const auto slash = url.find('/', scheme + 3);
                url = slash == std::string::npos ? "/" : url.substr(slash);
            }
            if (url.empty() || url.front() != '/' || url.size() > 512) throw ApiError(code::kUrlInvalid, "url " + url);
            sub.path = url.substr(0, url.find('?'));
            sub.query = queryOf(url);
            sub.body = passway::json::ordered();
            if (item->has("body") && !item->get("body").isEmpty()) sub.body->set("data", item->get("body"));
            const Reply reply = dispatch(sub, true);
            answer->set("status_sub", reply.status);
            answer->set("desc_sub", reply.desc);
            Poco::Dynamic::Var data;
            if (reply.msg.type() == typeid(Poco::JSON::Object::Ptr)) {
                const auto msg = reply.msg.extract<Poco::JSON::Object::Ptr>();
                data = msg->has("data") ? msg->get("data") : reply.msg;
            }
            answer->set("data", data);
            ++succeeded;
        } catch (const ApiError& e) {
            answer->set("status_sub", e.code());
            answer->set("desc_sub", statusOf(e.code()).meaning);
            answer->set("data", Poco::Dynamic::Var());
            answer->set("err", std::string(e.what()));
        }
        answers->add(answer);
    }
    const int status = succeeded == items->size() ? code::kBatchOk : succeeded ? code::kBatchPartly : code::kBatchFailed;
    return Reply(status, answers);
}

net::BodyPlan Router::planBody(const net::HttpRequest&) {
    net::BodyPlan plan;
    plan.limit = services_->config.maxBodyBytes;
    return plan;
}

net::HttpResponse Router::tooLarge(const net::HttpRequest& head) {
    services_->context.logger().warning("request to " + head.path() + " from " + head.peerAddress + " refused: body over " +
                                        std::to_string(services_->config.maxBodyBytes) + " bytes");
    return Reply(code::kParams, {}, "body larger than " + std::to_string(services_->config.maxBodyBytes) + " bytes").http();
}

void Router::handle(net::HttpRequest& request, std::shared_ptr<net::HttpResponder> responder) {
    auto& log = services_->context.logger();
    Call call;
    call.method = request.method;
    call.path = request.path();
    call.peer = request.peerAddress;
    call.token = tokenOf(request);
    try {
        call.query = queryOf(request.target);
        call.body = parseBody(request.body);
        responder->send(dispatch(call).http());
    } catch (const ApiError& e) {
        log.information(request.method + " " + call.path + " from " + call.peer + ": " + std::to_string(e.code()) + " " + e.what());
        responder->send(Reply(e.code(), {}, e.what()).http());
    } catch (const HostError& e) {
        log.error(request.method + " " + call.path + ": the host refused: " + e.what());
        responder->send(Reply(code::kServerError, {}, "the server cannot take this now; try again later").http());
    } catch (const std::exception& e) {
        log.error(request.method + " " + call.path + " failed: " + e.what());
        responder->send(Reply(code::kServerError, {}, "internal error").http());
    }
}

}  // namespace passway::zjchilink
