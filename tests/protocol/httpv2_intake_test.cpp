#include <boost/test/unit_test.hpp>

// Terminals cannot mint credentials (issue 15): a PushPeople that would
// create a person, make someone admin or add a card is held for an
// operator, and a DeleteAll result nobody asked for changes nothing. Over
// 127.0.0.1 with the simulated terminal, checked through the admin API.

#include "Httpv2Site.h"

#include "sim/httpv2/WireFormat.h"

using namespace passway::test;

namespace {

namespace hsim = passway::sim::httpv2;

// A person the terminal holds that the host never sent: enrolled at the
// terminal (or forged by whoever knows its serial).
void enrollOnTerminal(hsim::Terminal& terminal, std::uint32_t userId, int accessType, const std::string& card) {
    Poco::JSON::Object::Ptr detail = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
    detail->set("UserID", std::to_string(userId));
    detail->set("Name", "Mallory");
    detail->set("AccessType", accessType);
    detail->set("CardNum", card);
    detail->set("Password", "1234");
    hsim::StoredPerson person;
    person.userId = userId;
    person.name = "Mallory";
    person.cardNum = card;
    person.detail = detail;
    terminal.model().storePerson(person);
    terminal.model().queuePush(userId, 1);
}

Poco::JSON::Object::Ptr pendingReview(const Httpv2Site& site, std::uint32_t userId) {
    const auto reply = site.api("GET", "/person-reviews?state=pending");
    if (reply.status != 200) return nullptr;
    const auto items = reply.json()->getArray("items");
    for (unsigned i = 0; i < items->size(); ++i) {
        if (items->getObject(i)->getValue<std::uint32_t>("userId") == userId) return items->getObject(i);
    }
    return nullptr;
}

bool confirmed(const Poco::JSON::Object::Ptr& entry) { return entry && !entry->getValue<bool>("pending"); }

}  // namespace

BOOST_AUTO_TEST_CASE(a_credential_minting_push_people_creates_nothing_and_waits_for_review) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-INTAKE-MINT");
    const auto deviceId = site.deviceId("FC-INTAKE-MINT");
    enrollOnTerminal(*terminal, 7001, 1, "880001");  // a new UserID, AccessType 1 (admin), a card

    BOOST_REQUIRE_MESSAGE(terminal->runUntil([&] { return pendingReview(site, 7001) != nullptr; }, 15s), site.log());
    BOOST_TEST(site.api("GET", "/persons/7001").status == 404);
    BOOST_TEST(site.api("GET", "/persons?search=880001").json()->getValue<int>("total") == 0);
    BOOST_TEST(!site.syncEntry(deviceId, 7001));  // nothing to send to any door

    const auto review = pendingReview(site, 7001);
    std::string reasons;
    const auto list = review->getArray("reasons");
    for (unsigned i = 0; i < list->size(); ++i) reasons += list->getElement<std::string>(i) + " ";
    BOOST_TEST(reasons == "new_person role_admin new_card ");
    BOOST_TEST(review->getValue<std::int64_t>("deviceId") == deviceId);
    const auto proposed = review->getObject("proposed");
    BOOST_REQUIRE(proposed);
    BOOST_TEST(proposed->getValue<std::string>("role") == "admin");
    BOOST_TEST(review->get("proposed").toString().find("1234") == std::string::npos);  // no PIN shown

    // The operator accepts: the person exists as the terminal sent it, and the decision is audited.
    const auto id = std::to_string(review->getValue<std::int64_t>("id"));
    const auto accepted = site.api("POST", "/person-reviews/" + id + "/accept");
    BOOST_REQUIRE_MESSAGE(accepted.status == 200, accepted.body);
    BOOST_TEST(accepted.json()->getValue<std::string>("state") == "accepted");
    const auto person = site.api("GET", "/persons/7001");
    BOOST_REQUIRE_MESSAGE(person.status == 200, person.body);
    BOOST_TEST(person.json()->getValue<std::string>("role") == "admin");
    BOOST_TEST(person.body.find("880001") != std::string::npos);
    BOOST_TEST(site.api("POST", "/person-reviews/" + id + "/accept").status == 409);  // decided once
    BOOST_TEST(site.api("GET", "/audit?action=person.review.accept").body.find("person-review:" + id) !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(a_rejected_push_leaves_the_person_as_it_was) {
    Httpv2Site site({"--set", "plugin.httpv2.push_people_policy=upsert"});
    auto terminal = site.activeTerminal("FC-INTAKE-REJECT");
    BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", R"({"userId":7101,"name":"Known"})").status, 201);
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().person(7101).has_value(); }, 15s));
    enrollOnTerminal(*terminal, 7101, 1, "880002");  // raised to admin with a card on the terminal

    BOOST_REQUIRE(terminal->runUntil([&] { return pendingReview(site, 7101) != nullptr; }, 15s));
    const auto id = std::to_string(pendingReview(site, 7101)->getValue<std::int64_t>("id"));
    const auto rejected = site.api("POST", "/person-reviews/" + id + "/reject");
    BOOST_REQUIRE_MESSAGE(rejected.status == 200, rejected.body);
    const auto person = site.api("GET", "/persons/7101").json();
    BOOST_TEST(person->getValue<std::string>("role") == "normal");
    BOOST_TEST(person->getValue<std::string>("name") == "Known");
    BOOST_TEST(person->getArray("credentials")->size() == 0u);
    BOOST_TEST(site.api("GET", "/audit?action=person.review.reject").body.find("person-review:" + id) !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(with_person_intake_accept_a_terminal_creates_the_person) {
    Httpv2Site site({"--set", "plugin.httpv2.person_intake=accept"});
    auto terminal = site.activeTerminal("FC-INTAKE-ACCEPT");
    enrollOnTerminal(*terminal, 7201, 0, "880003");
    BOOST_TEST(terminal->runUntil([&] { return site.api("GET", "/persons/7201").status == 200; }, 15s));
    BOOST_TEST(site.api("GET", "/person-reviews").json()->getValue<int>("total") == 0);
}

BOOST_AUTO_TEST_CASE(an_unrequested_delete_all_result_changes_nothing) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-INTAKE-DELALL");
    const auto deviceId = site.deviceId("FC-INTAKE-DELALL");
    for (std::uint32_t id : {7301u, 7302u}) {
        const auto created = site.api("POST", "/persons", R"({"userId":)" + std::to_string(id) + R"(,"name":"P"})");
        BOOST_REQUIRE_EQUAL(created.status, 201);
    }
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().people().size() == 2u; }, 15s));
    BOOST_REQUIRE(eventually([&] { return confirmed(site.syncEntry(deviceId, 7301)) && confirmed(site.syncEntry(deviceId, 7302)); }));
    const auto before7301 = site.syncEntry(deviceId, 7301)->getValue<std::int64_t>("wantedVersion");

    // Whoever knows the serial reports a DeleteAll no clear_persons asked for.
    const auto forged = httpRequest(site.devicePort, "POST", "/People/DeletePeopleListResult",
                                    R"({"SN":"FC-INTAKE-DELALL","DeleteAll":1,"DeleteCount":0,"DeleteList":[]})");
    BOOST_REQUIRE_MESSAGE(forged.status == 200 && forged.body.find("\"Success\":1") != std::string::npos,
                          forged.status << " " << forged.body);
    // The answer came after the handler ran: what it changed is in the store now.

    // The ledger still says the terminal holds both: nothing is queued to it again.
    for (std::uint32_t id : {7301u, 7302u}) BOOST_TEST(confirmed(site.syncEntry(deviceId, id)), "user " << id);
    BOOST_TEST(site.syncEntry(deviceId, 7301)->getValue<std::int64_t>("wantedVersion") == before7301);
    const auto quiet = terminal->runSession();
    BOOST_TEST(quiet.steps == std::vector<std::string>{"/Device/Keepalive"}, boost::test_tools::per_element());
}
