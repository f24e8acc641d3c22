// The zjchilink plugin on a real mosquitto broker (section 4) and UDP
// discovery (section 10): an app's control message reaches the plugin, which
// executes it (the lock's state in Passway changes) and publishes the new
// state on the update topic of every user who may see the lock; a lock's own
// report of a state change reaches the other users; a user without the level
// is refused on their update topic; a UDP probe is answered with the device JSON.

#include <boost/test/unit_test.hpp>

#include "ZjchilinkSite.h"
#include "sim/zjchilink/MqttPeer.h"
#include "wire/StatusCodes.h"

using namespace passway::test;
using passway::sim::zjchilink::MqttPeer;

namespace {

const char* kPassword = "lock-app-pass-2";

// The status of the newest message on `topic` (0: none yet).
int lastStatus(const MqttPeer& peer, const std::string& topic) {
    int status = 0;
    for (const auto& m : peer.received()) {
        if (m.topic != topic) continue;
        status = Poco::JSON::Parser().parse(m.payload).extract<Poco::JSON::Object::Ptr>()->getValue<int>("status");
    }
    return status;
}

std::string reportedLock(const ZjchilinkSite& site, const std::string& serial) {
    const auto device = site.device(serial);
    if (!device || !device->has("reported")) return {};
    const auto reported = device->get("reported");
    Poco::JSON::Object::Ptr object = reported.type() == typeid(Poco::JSON::Object::Ptr)
                                         ? reported.extract<Poco::JSON::Object::Ptr>()
                                         : Poco::JSON::Parser().parse(reported.toString()).extract<Poco::JSON::Object::Ptr>();
    return object->optValue<std::string>("lock", "");
}

}  // namespace

BOOST_AUTO_TEST_CASE(control_and_reports_travel_over_the_broker_and_a_udp_probe_is_answered) {
    ZjchilinkSite site;
    auto alice = site.app(), bob = site.app(), carol = site.app();
    site.registerAndLogin(alice, "13900000001", kPassword);
    site.registerAndLogin(bob, "13900000002", kPassword);
    site.registerAndLogin(carol, "13900000003", kPassword);
    const auto lockId = site.addLock(alice, "LOCK-M1");
    const auto toBob = alice.post("/api/iot/authorization/", R"({"data":{"info_id":)" + std::to_string(lockId) +
                                                                 R"(,"authorized_id":)" + std::to_string(site.accountId(bob)) +
                                                                 R"(,"perm":3}})");
    BOOST_REQUIRE_MESSAGE(toBob.status == 200018, toBob.body);
    BOOST_REQUIRE_MESSAGE(eventually([&] { return site.log().find("mqtt: connected") != std::string::npos; }, 15s),
                          "the plugin did not connect to the broker:\n" + site.log());

    MqttPeer phoneOfBob("bob-phone", site.broker.port), phoneOfAlice("alice-phone", site.broker.port),
        phoneOfCarol("carol-phone", site.broker.port), lock("LOCK-M1", site.broker.port);
    BOOST_REQUIRE(phoneOfBob.subscribe("13900000002/lock/LOCK-M1/update"));
    BOOST_REQUIRE(phoneOfCarol.subscribe("13900000003/lock/LOCK-M1/update"));

    // Alice's app opens the lock: the plugin executes it and tells bob.
    BOOST_REQUIRE(phoneOfAlice.publish("13900000001/lock/LOCK-M1/control",
                                       R"({"msg":{"uuid":"LOCK-M1","param":{"operate":1}},"status":200503,"desc":"请求控制设备"})"));
    BOOST_TEST(eventually([&] { return lastStatus(phoneOfBob, "13900000002/lock/LOCK-M1/update") == 200503; }, 10s),
               site.log());
    BOOST_TEST(eventually([&] { return reportedLock(site, "LOCK-M1") == "open"; }));
    BOOST_TEST(eventually([&] { return site.records(site.deviceId("LOCK-M1"))->size() == 1; }));

    // The lock reports it closed: bob hears of it.
    BOOST_REQUIRE(lock.publish("13900000001/lock/LOCK-M1/update",
                               R"({"msg":{"sn":"42","uuid":"LOCK-M1","param":{"battery":87}},"status":200501,"desc":"关闭"})"));
    BOOST_TEST(eventually([&] { return lastStatus(phoneOfBob, "13900000002/lock/LOCK-M1/update") == 200501; }, 10s));
    BOOST_TEST(eventually([&] { return reportedLock(site, "LOCK-M1") == "closed"; }));

    // Carol has no level on the lock: refused on her own update topic, nothing changes.
    BOOST_REQUIRE(phoneOfCarol.publish("13900000003/lock/LOCK-M1/control", R"({"msg":{"uuid":"LOCK-M1","param":{"operate":1}}})"));
    BOOST_TEST(eventually([&] { return lastStatus(phoneOfCarol, "13900000003/lock/LOCK-M1/update") == 400402; }, 10s));
    BOOST_TEST(reportedLock(site, "LOCK-M1") == "closed");

    // UDP discovery: a known uuid, an unknown one, and a bare probe for the site's gateway.
    const auto known = passway::sim::zjchilink::udpProbe(site.udpPort, R"({"msg":{"sn":"7","uuid":"LOCK-M1"}})");
    BOOST_REQUIRE_MESSAGE(!known.empty(), "no answer to the UDP probe:\n" + site.log());
    const auto answer = Poco::JSON::Parser().parse(known).extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(answer->getValue<int>("status") == 200601);
    BOOST_TEST(answer->getObject("msg")->getValue<std::string>("uuid") == "LOCK-M1");
    BOOST_TEST(answer->getObject("msg")->getValue<std::string>("category") == "lock");
    const auto unknown = Poco::JSON::Parser().parse(passway::sim::zjchilink::udpProbe(site.udpPort, R"({"msg":{"uuid":"NOPE"}})"))
                             .extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(unknown->getValue<int>("status") == 400601);
    const auto gateway = Poco::JSON::Parser().parse(passway::sim::zjchilink::udpProbe(site.udpPort, "{}"))
                             .extract<Poco::JSON::Object::Ptr>();
    BOOST_TEST(gateway->getObject("msg")->getValue<std::string>("category") == "gw");

    for (const auto* peer : {&phoneOfBob, &phoneOfCarol}) {
        for (const auto& m : peer->received()) {
            const int status = Poco::JSON::Parser().parse(m.payload).extract<Poco::JSON::Object::Ptr>()->getValue<int>("status");
            BOOST_TEST(passway::zjchilink::isDocumentCode(status), status << " on " << m.topic);
        }
    }
}
