#include <boost/test/unit_test.hpp>

// Secrets that the admin API shows masked: a device's desired parameters
// (and a masked value sent back means "unchanged"), outbox URLs with
// credentials, and settings that hold secrets inside (sms.headers, sms.url).

#include "AdminFixture.h"

#include "passway/Clock.h"
#include "util/SecretPolicy.h"

using namespace passway;
using namespace passway::test;

namespace {

struct WithSecrets : AdminFixture {
    static AdminOptions options() {
        AdminOptions o = defaultOptions();
        o.settings = {{"sms.headers", R"({"X-Api-Key":"gw-key-123","Authorization":"Bearer gw-tok-456","Accept":"text/plain"})"},
                      {"sms.url", "https://sms:gw-pass-789@gateway.example/send?to={to}&token=gw-tok-000"},
                      {"sms.body", R"({"to":"{to}","text":"{text}"})"}};
        return o;
    }
    WithSecrets() : AdminFixture(options()) {}
};

} // namespace

BOOST_AUTO_TEST_CASE(url_credentials_are_masked_and_the_rest_kept) {
    BOOST_TEST(maskUrlSecrets("https://user:pw@host:8443/p?a=1&access_token=xyz&b=2#f") ==
               "https://user:***@host:8443/p?a=1&access_token=***&b=2#f");
    BOOST_TEST(maskUrlSecrets("https://TOKEN123@host/p") == "https://***@host/p");
    BOOST_TEST(maskUrlSecrets("https://host/p?apiKey=k&sig=x") == "https://host/p?apiKey=***&sig=x");
    BOOST_TEST(maskUrlSecrets("http://host/a@b?x=1") == "http://host/a@b?x=1");  // '@' in the path is no userinfo
    BOOST_TEST(maskUrlSecrets("not a url") == "not a url");
    BOOST_TEST(maskUrlSecrets("http://host") == "http://host");
}

BOOST_FIXTURE_TEST_SUITE(masked_in_answers, WithSecrets)

BOOST_AUTO_TEST_CASE(device_parameters_show_secrets_masked_and_keep_them_when_sent_back_masked) {
    const Device device = addDevice("SN-SECRET");
    const std::string path = "/api/v1/devices/" + std::to_string(device.id) + "/parameters";
    BOOST_TEST(admin("PUT", path, R"({"volume":7,"comm_password":"s3cret","wifi":{"ssid":"gate","psk_key":"w1f1"}})")
                   .status == 200);
    for (const auto& reply : {admin("GET", path), admin("GET", "/api/v1/devices/" + std::to_string(device.id)),
                              admin("GET", "/api/v1/devices")}) {
        BOOST_TEST(reply.status == 200);
        BOOST_TEST(reply.body.find("s3cret") == std::string::npos);
        BOOST_TEST(reply.body.find("w1f1") == std::string::npos);
    }
    const auto shown = admin("GET", path).json();
    BOOST_TEST(shown->getValue<std::string>("comm_password") == "***");
    BOOST_TEST(shown->getObject("wifi")->getValue<std::string>("ssid") == "gate");

    // The page sends back what it was shown, with one change: the secrets stay as stored.
    const auto put = admin("PUT", path, R"({"volume":8,"comm_password":"***","wifi":{"ssid":"gate2","psk_key":"***"}})");
    BOOST_TEST(put.status == 200);
    BOOST_TEST(put.body.find("s3cret") == std::string::npos);
    const auto stored = parseObject(store->devices().find(device.id)->desired);
    BOOST_TEST(stored->getValue<int>("volume") == 8);
    BOOST_TEST(stored->getValue<std::string>("comm_password") == "s3cret");
    BOOST_TEST(stored->getObject("wifi")->getValue<std::string>("psk_key") == "w1f1");
    BOOST_TEST(stored->getObject("wifi")->getValue<std::string>("ssid") == "gate2");
    // A new value replaces it.
    BOOST_TEST(admin("PUT", path, R"({"comm_password":"n3w"})").status == 200);
    BOOST_TEST(parseObject(store->devices().find(device.id)->desired)->getValue<std::string>("comm_password") == "n3w");
}

BOOST_AUTO_TEST_CASE(outbox_urls_show_no_credentials) {
    OutboxItem item;
    item.origin = "payroll";
    item.url = "https://svc:svc-pass-1@payroll.example/in?site=7&access_token=tok-2";
    item.headers = R"({"Authorization":"Bearer tok-3","X-Site":"7"})";
    item.body = "{}";
    const OutboxItem queued = store->outbox().enqueue(item);
    store->outbox().markAttemptFailed(queued.id, "connect to " + item.url + " failed", nowMillis() + 1000, false);
    for (const auto& reply : {admin("GET", "/api/v1/outbox"), admin("GET", "/api/v1/outbox/" + std::to_string(queued.id))}) {
        BOOST_TEST_INFO(reply.body);
        BOOST_TEST(reply.status == 200);
        for (const char* secret : {"svc-pass-1", "tok-2", "tok-3"}) BOOST_TEST(reply.body.find(secret) == std::string::npos);
        BOOST_TEST(reply.body.find("payroll.example/in?site=7") != std::string::npos);
    }
    const auto one = admin("GET", "/api/v1/outbox/" + std::to_string(queued.id)).json();
    BOOST_TEST(one->getValue<std::string>("url") == "https://svc:***@payroll.example/in?site=7&access_token=***");
    BOOST_TEST(one->getValue<std::string>("lastError").find("svc:***@") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(settings_mask_secrets_inside_headers_and_urls) {
    const auto reply = admin("GET", "/api/v1/settings");
    BOOST_TEST(reply.status == 200);
    for (const char* secret : {"gw-key-123", "gw-tok-456", "gw-pass-789", "gw-tok-000"}) {
        BOOST_TEST_INFO(secret);
        BOOST_TEST(reply.body.find(secret) == std::string::npos);
    }
    std::map<std::string, std::string> values;
    const auto items = reply.items();
    for (unsigned i = 0; i < items->size(); ++i)
        values[items->getObject(i)->getValue<std::string>("key")] = items->getObject(i)->getValue<std::string>("value");
    const auto headers = parseObject(values["sms.headers"]);
    BOOST_TEST(headers->getValue<std::string>("X-Api-Key") == "***");
    BOOST_TEST(headers->getValue<std::string>("Authorization") == "***");
    BOOST_TEST(headers->getValue<std::string>("Accept") == "text/plain");
    BOOST_TEST(values["sms.url"] == "https://sms:***@gateway.example/send?to={to}&token=***");
    BOOST_TEST(parseObject(values["sms.body"])->getValue<std::string>("text") == "{text}");
}

BOOST_AUTO_TEST_SUITE_END()
