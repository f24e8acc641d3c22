#include "outbox/SmsRequest.h"

#include <Poco/String.h>
#include <Poco/URI.h>
#include <Poco/UTF8String.h>
#include <Poco/Util/AbstractConfiguration.h>

namespace passway {

namespace {

std::string fill(std::string pattern, const std::string& to, const std::string& text, bool json) {
    const auto encode = [json](const std::string& s) {
        if (json) return Poco::UTF8::escape(s, true);
        std::string out;
        Poco::URI::encode(s, "!#$&'()*+,/:;=?@[]", out);
        return out;
    };
    Poco::replaceInPlace(pattern, std::string("{to}"), encode(to));
    Poco::replaceInPlace(pattern, std::string("{text}"), encode(text));
    return pattern;
}

} // namespace

SmsGatewaySpec SmsGatewaySpec::read(const Poco::Util::AbstractConfiguration& config) {
    SmsGatewaySpec g;
    g.url = config.getString("sms.url", "");
    g.method = config.getString("sms.method", g.method);
    g.body = config.getString("sms.body", g.body);
    g.contentType = config.getString("sms.content_type", g.contentType);
    g.headers = config.getString("sms.headers", g.headers);
    return g;
}

bool validSmsNumber(const std::string& to) {
    return !to.empty() && to.size() <= 32 && to.find_first_not_of("+0123456789 -") == std::string::npos;
}

OutboxItem smsRequest(const SmsGatewaySpec& gateway, const std::string& to, const std::string& text) {
    OutboxItem item;
    item.url = fill(gateway.url, to, text, false);
    item.method = gateway.method;
    item.body = fill(gateway.body, to, text, gateway.contentType.find("json") != std::string::npos);
    item.headers = gateway.headers.empty() ? "{}" : gateway.headers;
    if (item.headers.find("\"Content-Type\"") == std::string::npos && !item.body.empty()) {
        const std::string type = "\"Content-Type\":\"" + Poco::UTF8::escape(gateway.contentType, true) + "\"";
        const auto open = item.headers.find('{');
        const bool empty = item.headers.find_first_not_of(" \t{}") == std::string::npos;
        item.headers = empty ? "{" + type + "}" : "{" + type + "," + item.headers.substr(open + 1);
    }
    return item;
}

} // namespace passway
