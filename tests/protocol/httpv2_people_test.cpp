#include <boost/test/unit_test.hpp>

// People through the HTTPv2 protocol, end to end: the admin API creates a
// person with a real face photo, the terminal pulls it at its next keepalive
// (AddPeople → DownloadPeopleList → photo URL → DownloadPeopleListResult),
// the ledger shows it confirmed; a removal travels the same way; a failure
// the terminal reports is visible through the admin API.

#include "Httpv2Site.h"

#include "sim/httpv2/PeopleSync.h"

using namespace passway::test;

namespace {

std::string personJson(std::uint32_t userId, const std::string& name, const std::string& card = "") {
    std::string json =
        R"({"userId":)" + std::to_string(userId) + R"(,"name":")" + name + R"(","accessGroups":["staff"])";
    if (!card.empty()) json += R"(,"credentials":[{"kind":"card","value":")" + card + R"("}])";
    return json + "}";
}

void createWithPhoto(const Httpv2Site& site, std::uint32_t userId, const std::string& name, const std::string& jpeg) {
    const auto created = site.api("POST", "/persons", personJson(userId, name));
    BOOST_REQUIRE_MESSAGE(created.status == 201, created.body);
    const auto photo = site.api("PUT", "/persons/" + std::to_string(userId) + "/photo", jpeg, "image/jpeg");
    BOOST_REQUIRE_MESSAGE(photo.status == 200 || photo.status == 204, photo.body);
}

bool confirmed(const Poco::JSON::Object::Ptr& entry) {
    return entry && !entry->getValue<bool>("pending") &&
           entry->getValue<std::int64_t>("confirmedVersion") == entry->getValue<std::int64_t>("wantedVersion");
}

}  // namespace

BOOST_AUTO_TEST_CASE(a_person_with_a_photo_arrives_with_a_matching_photo_md5_is_confirmed_and_its_removal_arrives) {
    Httpv2Site site;
    const std::string jpeg = Faces::copy(site.dir, "train_rose_leslie_img1.jpg");
    auto terminal = site.activeTerminal("FC-8190H24050001");
    const auto deviceId = site.deviceId("FC-8190H24050001");

    createWithPhoto(site, 1001, "Rose Leslie", jpeg);
    const bool arrived = terminal->runUntil([&] { return terminal->model().person(1001).has_value(); }, 15s);
    BOOST_REQUIRE_MESSAGE(
        arrived, "person 1001 never reached the terminal; last calls:\n" + [&] {
            std::string s;
            for (const auto& c : terminal->model().calls())
                s += c.path + " " + std::to_string(c.httpStatus) + " " + c.replyBody.substr(0, 300) + "\n";
            return s;
        }());

    const sim::StoredPerson person = *terminal->model().person(1001);
    BOOST_TEST(person.name == "Rose Leslie");
    BOOST_TEST(person.userIdWasString);  // the PeopleJson table: UserID is a string
    BOOST_TEST(person.photoSource == "url");
    BOOST_TEST(person.photoMd5 == person.photoMd5Computed);  // uppercase hex of what the URL served
    BOOST_TEST(person.photoMd5.size() == 32u);
    BOOST_TEST(person.photo.size() <= 400u * 1024u);
    BOOST_TEST((person.photo == jpeg),
               "the terminal got the photo as uploaded (" << person.photo.size() << " of " << jpeg.size() << " bytes)");
    if (person.detail->has("PhotoLen"))
        BOOST_TEST(person.detail->getValue<std::size_t>("PhotoLen") == person.photo.size());

    BOOST_TEST(
        eventually([&] { return confirmed(site.syncEntry(deviceId, 1001)); }), "ledger entry not confirmed: " << [&] {
            const auto e = site.syncEntry(deviceId, 1001);
            return e ? passway::sim::httpv2::WireFormat::stringify(e) : std::string("none");
        }());
    const auto entry = site.syncEntry(deviceId, 1001);
    BOOST_TEST(entry->getValue<int>("lastErrorCode") == 0);

    // Removed through the API: the terminal pulls the deletion and confirms it.
    BOOST_REQUIRE_EQUAL(site.api("DELETE", "/persons/1001").status, 204);
    const bool removed = terminal->runUntil([&] { return !terminal->model().person(1001).has_value(); }, 15s);
    BOOST_REQUIRE(removed);
    const auto deleted = terminal->model().deletedUserIds();
    BOOST_TEST((std::find(deleted.begin(), deleted.end(), 1001u) != deleted.end()));
    BOOST_TEST(eventually([&] {
        const auto e = site.syncEntry(deviceId, 1001);
        return !e || (e->getValue<bool>("removal") && !e->getValue<bool>("pending"));
    }));
    // Nothing is left to do: the next session is the keepalive alone, with no flag.
    const auto quiet = terminal->runSession();
    BOOST_TEST(quiet.steps == std::vector<std::string>{"/Device/Keepalive"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(a_failure_code_the_terminal_reports_is_visible_through_the_admin_api) {
    Httpv2Site site;
    // The failure needs no photo; the person has one all the same (a generated one).
    const std::string jpeg = Faces::copy(site.dir, "Anthony_Hopkins_0001.jpg");
    auto terminal = site.activeTerminal("FC-8190H24050002");
    const auto deviceId = site.deviceId("FC-8190H24050002");
    terminal->model().setFailure(1002, {20, "77", "face feature repeated"});

    if (jpeg.empty()) {
        BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", personJson(1002, "Anthony Hopkins")).status, 201);
    } else {
        createWithPhoto(site, 1002, "Anthony Hopkins", jpeg);
    }
    terminal->runUntil(
        [&] {
            const auto e = site.syncEntry(deviceId, 1002);
            return e && e->getValue<int>("lastErrorCode") != 0;
        },
        15s);
    const auto entry = site.syncEntry(deviceId, 1002);
    BOOST_REQUIRE(entry);
    BOOST_TEST(entry->getValue<int>("lastErrorCode") == 20);
    BOOST_TEST(!entry->getValue<std::string>("lastError").empty());
    BOOST_TEST(entry->getValue<bool>("pending"));  // not confirmed: the terminal does not hold the person
    BOOST_TEST(!terminal->model().person(1002).has_value());

    // The terminal's problem is fixed: the next attempt confirms and clears the error.
    terminal->model().clearFailure(1002);
    const auto retried = site.api("PATCH", "/persons/1002", R"json({"name":"Anthony Hopkins (retry)"})json");
    BOOST_REQUIRE_MESSAGE(retried.status == 200, retried.body);
    BOOST_TEST(terminal->runUntil([&] { return confirmed(site.syncEntry(deviceId, 1002)); }, 15s));
    BOOST_TEST(site.syncEntry(deviceId, 1002)->getValue<int>("lastErrorCode") == 0);
    if (!jpeg.empty()) BOOST_TEST(terminal->model().person(1002)->photoVerified());
}

BOOST_AUTO_TEST_CASE(many_people_arrive_in_batches_of_the_terminals_limit) {
    Httpv2Site site;
    const std::string jpeg = Faces::copy(site.dir, "Anthony_Hopkins_0002.jpg");
    auto terminal = site.activeTerminal("FC-8190H24050003", [](sim::TerminalOptions& o) { o.downloadLimit = 7; });
    for (std::uint32_t id = 2001; id <= 2025; ++id) {
        if (id % 5 == 0) {
            createWithPhoto(site, id, "P" + std::to_string(id), jpeg);
        } else {
            BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", personJson(id, "P" + std::to_string(id))).status, 201);
        }
    }
    BOOST_TEST(terminal->runUntil([&] { return terminal->model().people().size() == 25u; }, 20s));
    for (const auto& [id, person] : terminal->model().people()) {
        if (id % 5 == 0) BOOST_TEST(person.photoVerified(), "person " << id);
    }
    // Each DownloadPeopleList answer held at most Limit people.
    for (const auto& call : terminal->model().calls()) {
        if (call.path != "/People/DownloadPeopleList" || call.httpStatus != 200) continue;
        const auto list =
            Poco::JSON::Parser().parse(call.replyBody).extract<Poco::JSON::Object::Ptr>()->getArray("PeopleList");
        if (list) BOOST_TEST(list->size() <= 7u);
    }
}

BOOST_AUTO_TEST_CASE(deletions_reach_a_terminal_that_uses_the_select_delete_info_alias) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24050004", [](sim::TerminalOptions& o) {
        o.deletePeoplePath = "/People/SelectDeleteInfo";  // what an FC-8190H calls (PROTOCOL-NOTES.md)
        o.deleteListKey = "DeletList";                    // and the result as the document's example spells it
    });
    BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", personJson(3001, "Han Meimei", "900001")).status, 201);
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().person(3001).has_value(); }, 15s));
    BOOST_TEST(terminal->model().person(3001)->cardNum == "900001");
    BOOST_TEST(terminal->model().person(3001)->detail->get("CardNum").isString());  // CardNum is a string
    BOOST_REQUIRE_EQUAL(site.api("DELETE", "/persons/3001").status, 204);
    BOOST_TEST(terminal->runUntil([&] { return !terminal->model().person(3001).has_value(); }, 15s));
    const auto deviceId = site.deviceId("FC-8190H24050004");
    BOOST_TEST(eventually([&] {
        const auto e = site.syncEntry(deviceId, 3001);
        return !e || !e->getValue<bool>("pending");
    }));
}

BOOST_AUTO_TEST_CASE(clear_persons_empties_the_terminal_with_delete_all_and_its_people_come_back) {
    Httpv2Site site;
    auto terminal = site.activeTerminal("FC-8190H24050005");
    const auto deviceId = site.deviceId("FC-8190H24050005");
    for (std::uint32_t id : {5001u, 5002u}) {
        BOOST_REQUIRE_EQUAL(site.api("POST", "/persons", personJson(id, "P" + std::to_string(id))).status, 201);
    }
    BOOST_REQUIRE(terminal->runUntil([&] { return terminal->model().people().size() == 2u; }, 15s));
    const auto reply =
        site.api("POST", "/devices/" + std::to_string(deviceId) + "/commands", R"({"kind":"clear_persons"})");
    BOOST_REQUIRE_MESSAGE(reply.status == 201, reply.body);
    const auto commandId = std::to_string(reply.json()->getValue<std::int64_t>("id"));
    auto state = [&] { return site.api("GET", "/commands/" + commandId).json()->getValue<std::string>("state"); };

    BOOST_TEST(terminal->runUntil([&] { return state() == "done"; }, 15s), "clear_persons: " << state());
    bool deleteAll = false;
    for (const auto& [path, json] : terminal->model().sent()) {
        deleteAll |= path == "/People/DeletePeopleListResult" && json.find("\"DeleteAll\":1") != std::string::npos;
    }
    BOOST_TEST(deleteAll);
    // What the host wants it to hold is sent again.
    BOOST_TEST(terminal->runUntil([&] { return terminal->model().people().size() == 2u; }, 15s));
    const auto deleted = terminal->model().deletedUserIds();  // cleared in between
    BOOST_TEST((std::count(deleted.begin(), deleted.end(), 5001u) == 1 &&
                std::count(deleted.begin(), deleted.end(), 5002u) == 1));
}
