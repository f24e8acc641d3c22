#include <boost/test/unit_test.hpp>

// Terminal identity and bounded work before identity, over 127.0.0.1 with
// simulated HTTPv2 terminals (issue 15): the address a terminal is known by,
// plugin.httpv2.pin_address and the operator's accept-address, client
// certificates bound to the SN, allowed_networks, devices.max_pending, and
// the parsers' bounds answered in the protocol's error shape. Terminals
// "move" by connecting from 127.0.0.2 (all of 127/8 is the loopback).

#include "Httpv2Site.h"

#include "sim/httpv2/HttpConnection.h"
#include "sim/httpv2/Multipart.h"
#include "support/TestCertificates.h"

using namespace passway::test;

namespace {

constexpr const char* kOther = "127.0.0.2";

std::unique_ptr<sim::Terminal> terminalFrom(const Httpv2Site& site, const std::string& sn, const std::string& from) {
    auto options = site.terminalOptions(sn);
    options.localAddress = from;
    return std::make_unique<sim::Terminal>(options);
}

std::string field(const Poco::JSON::Object::Ptr& device, const std::string& name) {
    return device && device->has(name) ? device->getValue<std::string>(name) : std::string("(none)");
}

// Audit entries of `action` about the device.
std::size_t audited(const Httpv2Site& site, const std::string& action, std::int64_t deviceId) {
    const auto reply =
        site.api("GET", "/audit?action=" + action + "&target=device:" + std::to_string(deviceId) + "&limit=100");
    BOOST_REQUIRE_MESSAGE(reply.status == 200, reply.body);
    return reply.json()->getArray("items")->size();
}

// A new terminal's keepalives until the host registered it (pending: 401).
bool registered(const Httpv2Site& site, sim::Terminal& terminal, const std::string& sn) {
    const bool known = terminal.runUntil([&] { return site.deviceId(sn) != 0; }, 20s);
    BOOST_TEST_INFO(sn << ": Success " << terminal.lastReport().keepaliveSuccess << " "
                       << terminal.lastReport().keepaliveMessage << terminal.lastReport().error);
    BOOST_TEST(terminal.lastReport().keepaliveSuccess == 401);
    return known;
}

sim::HttpRequest rawJson(const std::string& path, std::string body) {
    sim::HttpRequest r;
    r.path = path;
    r.headers = {{"Connection", "keep-alive"}, {"Content-Type", "application/json; charset=utf-8"}};
    r.body = std::move(body);
    return r;
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_second_address_raises_the_alarm_and_is_remembered) {
    Httpv2Site site;
    const std::string sn = "FC-8190H25010001";
    auto home = site.activeTerminal(sn);
    const auto id = site.deviceId(sn);
    BOOST_TEST(field(site.device(sn), "pinnedAddress") == "127.0.0.1");
    BOOST_TEST(audited(site, "device.address_changed", id) == 0u);

    // Without pin_address the moved terminal is served, and never silently.
    auto moved = terminalFrom(site, sn, kOther);
    const auto report = moved->runSession();
    BOOST_TEST(report.ok(), report.error << " Success " << report.keepaliveSuccess << " " << report.keepaliveMessage);
    BOOST_TEST(field(site.device(sn), "pendingAddress") == kOther);
    BOOST_TEST(field(site.device(sn), "pinnedAddress") == "127.0.0.1");
    BOOST_TEST(audited(site, "device.address_changed", id) == 1u);
    // Once per new address, not per request.
    BOOST_TEST(moved->runSession().ok());
    BOOST_TEST(audited(site, "device.address_changed", id) == 1u);
    BOOST_TEST(site.process->waitForLine("called from 127.0.0.2, not from 127.0.0.1", 10s).has_value(), site.process->output());
}

BOOST_AUTO_TEST_CASE(with_pin_address_another_address_is_refused_until_an_operator_accepts_it) {
    Httpv2Site site({"--set", "plugin.httpv2.pin_address=true"});
    const std::string sn = "FC-8190H25010002";
    auto home = site.activeTerminal(sn);
    const auto id = site.deviceId(sn);

    auto moved = terminalFrom(site, sn, kOther);
    sim::RecordSpec record;
    record.recordId = 1;
    record.userId = "1";
    moved->addRecord(record);
    const auto refused = moved->runSession();
    BOOST_TEST(refused.keepaliveStatus == 200);
    BOOST_TEST(refused.keepaliveSuccess == 403, refused.keepaliveSuccess << " " << refused.keepaliveMessage);
    BOOST_TEST(refused.keepaliveMessage.find("identity") != std::string::npos, refused.keepaliveMessage);
    BOOST_TEST(refused.recordsUploaded == 0);
    BOOST_TEST(site.records(id)->size() == 0u);
    BOOST_TEST(audited(site, "device.address_changed", id) == 1u);
    BOOST_TEST(field(site.device(sn), "pendingAddress") == kOther);
    // The terminal at the address it is known by goes on as before.
    BOOST_TEST(home->runSession().ok());

    // The operator accepts (audited); with nothing left to accept, a conflict.
    const auto accepted = site.api("POST", "/devices/" + std::to_string(id) + "/accept-address");
    BOOST_REQUIRE_MESSAGE(accepted.status == 200, accepted.body);
    BOOST_TEST(accepted.json()->getValue<std::string>("pinnedAddress") == kOther);
    BOOST_TEST(accepted.json()->getValue<std::string>("pendingAddress").empty());
    BOOST_TEST(audited(site, "device.accept_address", id) == 1u);
    BOOST_TEST(site.api("POST", "/devices/" + std::to_string(id) + "/accept-address").status == 409);

    // Accepted: the terminal at its new address is served, its record taken.
    BOOST_TEST(moved->runUntil([&] { return moved->lastReport().ok(); }, 20s),
               moved->lastReport().keepaliveSuccess << " " << moved->lastReport().keepaliveMessage);
    BOOST_TEST(eventually([&] { return site.records(id)->size() == 1u; }, 20s));
    // And the old address is now the stranger.
    BOOST_TEST(home->runUntil([&] { return home->lastReport().keepaliveSuccess == 403; }, 20s));
}

BOOST_AUTO_TEST_CASE(allowed_networks_refuses_other_sources_before_reading_them) {
    Httpv2Site site({"--set", std::string("plugin.httpv2.allowed_networks=") + kOther + "/32, fd00::/8"});
    const std::string outsider = "FC-8190H25010003";
    const std::string insider = "FC-8190H25010004";
    auto refused = terminalFrom(site, outsider, "127.0.0.1");
    const auto report = refused->runSession();
    BOOST_TEST(!report.error.empty(), "a terminal outside allowed_networks was answered: Success "
                                          << report.keepaliveSuccess);
    BOOST_TEST(site.deviceId(outsider) == 0);  // never registered: not a byte was parsed

    auto allowed = terminalFrom(site, insider, kOther);
    BOOST_TEST(registered(site, *allowed, insider));

    const auto metrics = httpRequest(site.httpPort, "GET", "/metrics");
    BOOST_TEST(metrics.body.find("listener=\"plugin.httpv2\",limit=\"allowed_networks\"") != std::string::npos,
               metrics.body.substr(0, 2000));
    BOOST_TEST(site.process->waitForLine("allowed_networks reached by 127.0.0.1", 10s).has_value(), site.process->output());
}

BOOST_AUTO_TEST_CASE(max_pending_drops_the_oldest_pending_device) {
    Httpv2Site site({"--set", "devices.max_pending=3"});
    std::vector<std::string> serials;
    for (int i = 1; i <= 5; ++i) {
        const std::string sn = "FC-8190H2502000" + std::to_string(i);
        serials.push_back(sn);
        sim::Terminal t(site.terminalOptions(sn));
        BOOST_TEST(registered(site, t, sn));
    }
    // The newest three stay pending; the two oldest were dropped.
    BOOST_TEST(site.deviceId(serials[0]) == 0);
    BOOST_TEST(site.deviceId(serials[1]) == 0);
    for (int i = 2; i < 5; ++i) BOOST_TEST(site.deviceId(serials[i]) != 0, serials[i]);
    BOOST_TEST(site.process->waitForLine("pending terminal " + serials[0] + " (httpv2", 10s).has_value(), site.process->output());

    // An active device never counts: activating one leaves room for a new one.
    site.activate(serials[4]);
    sim::Terminal late(site.terminalOptions("FC-8190H25020009"));
    BOOST_TEST(registered(site, late, "FC-8190H25020009"));
    for (int i = 2; i < 5; ++i) BOOST_TEST(site.deviceId(serials[i]) != 0, serials[i]);
}

BOOST_AUTO_TEST_CASE(a_client_certificate_must_name_the_serial) {
    TempDir certs("httpv2-certs");
    TestCertificates ca(certs.path().string(), "Passway test CA");
    const auto server = ca.issue("server", "127.0.0.1", "IP:127.0.0.1");
    const std::string snA = "FC-8190H25030001";
    const std::string snB = "FC-8190H25030002";
    const std::string snC = "FC-8190H25030003";
    const auto certA = ca.issue("a", snA);
    const auto certB = ca.issue("b", snB);
    const auto certC = ca.issue("c", "a terminal", "DNS:" + snC);  // the SN as a subjectAltName

    Httpv2Site site({"--set", "plugin.httpv2.tls.enabled=true", "--set",
                     "plugin.httpv2.tls.certificate=" + server.certificate, "--set",
                     "plugin.httpv2.tls.private_key=" + server.privateKey, "--set",
                     "plugin.httpv2.tls.ca=" + ca.caFile()});
    const auto withCertificate = [&](const TestCertificates::Files& files) {
        return [files](sim::TerminalOptions& o) {
            o.tls = true;
            o.certificateFile = files.certificate;
            o.privateKeyFile = files.privateKey;
        };
    };
    auto a = site.activeTerminal(snA, withCertificate(certA));

    // The same SN with another terminal's certificate: refused, nothing taken.
    auto optionsB = site.terminalOptions(snA);
    withCertificate(certB)(optionsB);
    sim::Terminal impostor(optionsB);
    const auto refused = impostor.runSession();
    BOOST_TEST(refused.keepaliveSuccess == 403, refused.keepaliveSuccess << " " << refused.keepaliveMessage
                                                                         << refused.error);
    BOOST_TEST(refused.keepaliveMessage.find("certificate") != std::string::npos, refused.keepaliveMessage);

    // A new SN with another's certificate is not even registered as its own.
    auto optionsNew = site.terminalOptions("FC-8190H25030009");
    withCertificate(certA)(optionsNew);
    BOOST_TEST(sim::Terminal(optionsNew).runSession().keepaliveSuccess == 403);

    // Its own certificate, by CN or by subjectAltName: identity passes (then pending).
    auto optionsC = site.terminalOptions(snC);
    withCertificate(certC)(optionsC);
    sim::Terminal c(optionsC);
    BOOST_TEST(registered(site, c, snC));
    auto optionsOwnB = site.terminalOptions(snB);
    withCertificate(certB)(optionsOwnB);
    sim::Terminal b(optionsOwnB);
    BOOST_TEST(registered(site, b, snB));
    BOOST_TEST(site.deviceId("FC-8190H25030009") == 0);
    BOOST_TEST(a->runSession().ok());
}

BOOST_AUTO_TEST_CASE(parser_bounds_are_answered_in_the_protocols_error_shape) {
    Httpv2Site site;
    const std::string sn = "FC-8190H25040001";
    auto terminal = site.activeTerminal(sn);
    sim::HttpConnection c("127.0.0.1", site.devicePort, 30s);

    // JSON nested 40 deep (the document's objects are 3).
    std::string deep = R"({"SN":")" + sn + R"(","x":)" + std::string(40, '[') + std::string(40, ']') + "}";
    auto r = c.exchange(rawJson("/Device/Keepalive", deep));
    BOOST_TEST(r.success(-1) == 400, r.body);
    BOOST_TEST(r.message().find("nested deeper") != std::string::npos, r.body);

    // JSON with 300,000 values.
    std::string wide = R"({"SN":")" + sn + R"(","x":[)";
    for (int i = 0; i < 300000; ++i) wide += "0,";
    wide += "0]}";
    sim::HttpConnection c2("127.0.0.1", site.devicePort, 30s);
    r = c2.exchange(rawJson("/Device/Keepalive", wide));
    BOOST_TEST(r.success(-1) == 400, r.body.substr(0, 300));
    BOOST_TEST(r.message().find("values") != std::string::npos, r.body.substr(0, 300));

    // A multipart record in 65 parts.
    sim::Multipart many(sim::Multipart::kDocumentBoundary);
    many.field("SN", sn);
    for (int i = 0; i < 64; ++i) many.field("x" + std::to_string(i), "y");
    std::string body = many.finish();
    sim::HttpConnection c3("127.0.0.1", site.devicePort, 30s);
    r = c3.exchange(terminal->wire().multipart("/Record/UploadIdentifyRecord", many, body));
    BOOST_TEST(r.success(-1) == 400, r.body);
    BOOST_TEST(r.message().find("parts") != std::string::npos, r.body);

    // The terminal itself is served as before.
    BOOST_TEST(terminal->runSession().ok());
}
