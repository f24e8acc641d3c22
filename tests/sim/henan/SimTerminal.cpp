#include "sim/henan/SimTerminal.h"

#include <Poco/JSON/Array.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <Poco/StringTokenizer.h>
#include <Poco/URI.h>

#include <algorithm>
#include <sstream>

namespace passway::sim::henan {

Answer SimTerminal::post(const std::string& path, Params params, SignMode mode) const {
    Params all{{"appid", o_.appid}, {"sn", o_.sn}, {"version", o_.version}};
    all.insert(all.end(), params.begin(), params.end());
    auto order = interfaceParams(path);
    if (mode == SignMode::Alphabetical) std::sort(order.begin(), order.end());
    if (mode != SignMode::Missing) {
        const std::string secret = mode == SignMode::Wrong ? o_.secret + "x" : o_.secret;
        all.emplace_back("sign", signOf(all, order, secret));
    }
    const std::string body = formEncode(all);
    Poco::Net::HTTPClientSession session(o_.host, o_.port);
    session.setTimeout(Poco::Timespan(o_.timeout.count(), 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_POST, path, Poco::Net::HTTPMessage::HTTP_1_1);
    request.setContentType("application/x-www-form-urlencoded");
    request.setContentLength(static_cast<std::streamsize>(body.size()));
    session.sendRequest(request) << body;
    Poco::Net::HTTPResponse response;
    std::string text;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), text);
    return parseAnswer(static_cast<int>(response.getStatus()), text);
}

Answer SimTerminal::heartbeat(const std::vector<Punch>& punches) const {
    if (punches.empty()) return post("/device/getServer", {});
    Poco::JSON::Array data;
    for (const auto& p : punches) {
        Poco::JSON::Object item(Poco::JSON_PRESERVE_KEY_ORDER);
        item.set("userCode", p.userCode);
        item.set("time", p.time);
        item.set("type", p.type);
        item.set("pic", p.pic.empty() ? std::string() : base64Encode(p.pic));
        item.set("temperature", p.temperature);
        data.add(item);
    }
    std::ostringstream text;
    data.stringify(text);
    return post("/device/getServer", {{"data", text.str()}});
}

std::string SimTerminal::fetch(const std::string& url) const {
    const Poco::URI uri(url);
    Poco::Net::HTTPClientSession session(uri.getHost(), uri.getPort());
    session.setTimeout(Poco::Timespan(o_.timeout.count(), 0));
    Poco::Net::HTTPRequest request(Poco::Net::HTTPRequest::HTTP_GET, uri.getPathEtc(), Poco::Net::HTTPMessage::HTTP_1_1);
    session.sendRequest(request);
    Poco::Net::HTTPResponse response;
    std::string bytes;
    Poco::StreamCopier::copyToString(session.receiveResponse(response), bytes);
    return response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK ? bytes : std::string();
}

CommandRun SimTerminal::runCommand(bool fail) {
    CommandRun run;
    run.heartbeat = heartbeat();
    run.cmd = run.heartbeat.field("cmd");
    run.code = run.heartbeat.field("code");
    if (run.cmd.empty()) return run;
    bool ok = !fail;
    if (run.cmd == "downloadUser") {
        run.command = post("/person/downloadPersonData", {{"code", run.code}});
        if (const auto list = run.command.array()) {
            for (unsigned i = 0; i < list->size(); ++i) {
                const auto p = list->getObject(i);
                HeldPerson held;
                held.name = p->optValue<std::string>("name", "");
                held.password = p->optValue<std::string>("password", "");
                held.idCard = p->optValue<std::string>("idCard", "");
                if (p->has("picUrl")) {
                    held.picUrl = p->getValue<std::string>("picUrl");
                    held.photoSource = "picUrl";
                    if (!held.picUrl.empty()) held.photo = fetch(held.picUrl);
                } else if (p->has("pic")) {
                    held.photoSource = "pic";
                    held.photo = base64Decode(p->getValue<std::string>("pic"));
                }
                persons_[p->get("userCode").convert<std::string>()] = held;
            }
        }
    } else if (run.cmd == "deletePerson") {
        run.command = post("/person/deletePerson", {{"code", run.code}});
        Poco::StringTokenizer ids(run.command.field("userCode"), ",", Poco::StringTokenizer::TOK_TRIM);
        for (const auto& id : ids) persons_.erase(id);
    } else if (run.cmd == "getDeviceInfo") {
        std::ostringstream info;
        info << R"({"fingerprintNum":0,"faceNum":)" << persons_.size() << R"(,"version":"sim-1.0","UserCode":"","time":"0"})";
        run.command = post("/device/getDeviceInfo", {{"code", run.code}, {"data", info.str()}});
    } else if (run.cmd == "setTimeInfo") {
        run.command = post("/device/setTimeInfo", {{"code", run.code}});
    } else if (run.cmd == "reboot") {
        run.command = post("/device/reboot", {{"code", run.code}});
    } else if (run.cmd == "setAdmin") {
        run.command = post("/person/setAdmin", {{"code", run.code}});
    } else if (run.cmd == "machineOperation") {
        run.command = post("/device/machineOperation", {{"code", run.code}});
    } else {
        ok = false;
    }
    const std::string data = ok ? R"({"msg":"操作成功","success":1})" : R"({"msg":"操作失败","success":0})";
    run.callback = post("/device/callback", {{"code", run.code}, {"data", data}});
    return run;
}

std::vector<CommandRun> SimTerminal::drain(int max) {
    std::vector<CommandRun> runs;
    for (int i = 0; i < max; ++i) {
        auto run = runCommand();
        const bool none = run.cmd.empty();
        runs.push_back(std::move(run));
        if (none) break;
    }
    return runs;
}

}  // namespace passway::sim::henan
