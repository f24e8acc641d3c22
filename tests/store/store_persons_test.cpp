#include <boost/test/unit_test.hpp>

#include "StoreFixture.h"

#include <algorithm>

using namespace passway;

namespace {

Person makePerson(std::uint32_t userId, const std::string& name, const std::string& card = "") {
    Person person;
    person.userId = userId;
    person.name = name;
    if (!card.empty()) person.credentials.push_back(Credential{"card", card, "", 0});
    return person;
}

std::vector<std::uint32_t> ids(const std::vector<Person>& persons) {
    std::vector<std::uint32_t> result;
    for (const auto& person : persons) result.push_back(person.userId);
    return result;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(persons, test::StoreFixture)

BOOST_AUTO_TEST_CASE(save_assigns_ids_and_round_trips_every_field) {
    Person person;
    person.code = "E-001";
    person.name = "Li Lei";
    person.job = "welder";
    person.department = "Assembly";
    person.idCard = "410101199001011234";
    person.role = "admin";
    person.validFrom = 1700000000;
    person.validUntil = 1800000000;
    person.timeGroup = "day";
    person.extra = R"({"floors":[3,4]})";
    person.accessGroups = {"north-gate", "canteen"};
    person.photoBlob = std::string(64, 'a');
    person.credentials = {Credential{"card", "12345678", "", 1}, Credential{"password", "4321", "", 0},
                          Credential{"fingerprint", "", std::string(64, 'b'), 6}};

    const Person saved = store->persons().save(person);
    BOOST_TEST(saved.userId == 1u);
    BOOST_TEST(saved.version == 1);
    BOOST_TEST(saved.createdAt > 0);
    BOOST_TEST(saved.updatedAt == saved.createdAt);

    const auto found = store->persons().find(1);
    BOOST_REQUIRE(found);
    BOOST_TEST(found->code == "E-001");
    BOOST_TEST(found->name == "Li Lei");
    BOOST_TEST(found->job == "welder");
    BOOST_TEST(found->department == "Assembly");
    BOOST_TEST(found->idCard == "410101199001011234");
    BOOST_TEST(found->role == "admin");
    BOOST_TEST(*found->validFrom == 1700000000);
    BOOST_TEST(*found->validUntil == 1800000000);
    BOOST_TEST(found->timeGroup == "day");
    BOOST_TEST(found->extra == person.extra);
    BOOST_TEST(found->photoBlob == person.photoBlob);
    BOOST_TEST(found->accessGroups == person.accessGroups, boost::test_tools::per_element());
    BOOST_REQUIRE_EQUAL(found->credentials.size(), 3u);
    BOOST_TEST(found->credentials[0].kind == "card");
    BOOST_TEST(found->credentials[0].value == "12345678");
    BOOST_TEST(found->credentials[0].index == 1);
    BOOST_TEST(found->credentials[2].kind == "fingerprint");
    BOOST_TEST(found->credentials[2].blob == std::string(64, 'b'));
    BOOST_TEST(found->credentials[2].index == 6);

    // No validity stays "no validity", not 0.
    const Person unlimited = store->persons().save(makePerson(0, "Han Meimei"));
    BOOST_TEST(unlimited.userId == 2u);
    BOOST_TEST(!store->persons().find(2)->validFrom.has_value());
    BOOST_TEST(store->persons().count() == 2);
    BOOST_TEST(!store->persons().find(99).has_value());
}

BOOST_AUTO_TEST_CASE(saving_again_bumps_the_version_and_replaces_credentials_and_groups) {
    Person person = makePerson(7, "Wang", "111");
    person.accessGroups = {"a", "b"};
    const Person first = store->persons().save(person);
    BOOST_TEST(first.userId == 7u);

    person.name = "Wang Wu";
    person.credentials = {Credential{"card", "222", "", 0}};
    person.accessGroups = {"c"};
    person.version = 0;  // whatever the caller holds, the store decides
    const Person second = store->persons().save(person);
    BOOST_TEST(second.version == first.version + 1);
    BOOST_TEST(second.createdAt == first.createdAt);
    BOOST_TEST(second.name == "Wang Wu");
    BOOST_REQUIRE_EQUAL(second.credentials.size(), 1u);
    BOOST_TEST(second.credentials[0].value == "222");
    BOOST_TEST(second.accessGroups == std::vector<std::string>{"c"}, boost::test_tools::per_element());
    BOOST_TEST(!store->persons().findByCredential("card", "111").has_value());
    BOOST_TEST(store->persons().findByCredential("card", "222")->userId == 7u);
    BOOST_TEST(store->persons().count() == 1);
}

BOOST_AUTO_TEST_CASE(a_card_held_by_another_person_is_a_conflict_and_nothing_is_written) {
    store->persons().save(makePerson(1, "Holder", "CARD-1"));
    try {
        store->persons().save(makePerson(2, "Intruder", "CARD-1"));
        BOOST_FAIL("expected a conflict");
    } catch (const StoreError& e) {
        BOOST_TEST(e.conflict());
        BOOST_TEST(std::string(e.what()).find("CARD-1") != std::string::npos);
    }
    BOOST_TEST(!store->persons().find(2).has_value());
    BOOST_TEST(store->persons().findByCredential("card", "CARD-1")->userId == 1u);

    // An update of the holder that tries to take someone else's card leaves
    // the holder exactly as it was (the whole save is one transaction).
    store->persons().save(makePerson(3, "Other", "CARD-3"));
    Person changed = makePerson(1, "Renamed", "CARD-3");
    BOOST_CHECK_THROW(store->persons().save(changed), StoreError);
    const auto holder = store->persons().find(1);
    BOOST_TEST(holder->name == "Holder");
    BOOST_TEST(holder->version == 1);
    BOOST_TEST(holder->credentials.at(0).value == "CARD-1");

    // Keeping one's own card is no conflict; a shared password is allowed.
    Person same = makePerson(1, "Holder again", "CARD-1");
    same.credentials.push_back(Credential{"password", "0000", "", 0});
    BOOST_CHECK_NO_THROW(store->persons().save(same));
    Person samePassword = makePerson(4, "Fourth");
    samePassword.credentials.push_back(Credential{"password", "0000", "", 0});
    BOOST_CHECK_NO_THROW(store->persons().save(samePassword));
}

BOOST_AUTO_TEST_CASE(list_searches_filters_and_pages_with_a_total) {
    for (std::uint32_t id = 1; id <= 25; ++id) {
        Person person = makePerson(id, "Worker " + std::to_string(id), "C-" + std::to_string(5000 + id));
        person.code = "EMP" + std::to_string(id);
        person.department = id % 2 ? "odd" : "even";
        person.accessGroups = {id <= 10 ? "gate-a" : "gate-b"};
        if (id == 5) person.idCard = "ID-XYZ-5";
        store->persons().save(person);
    }
    Person special = makePerson(100, "100% sure_thing");
    store->persons().save(special);

    PersonQuery all;
    all.limit = 10;
    auto page = store->persons().list(all);
    BOOST_TEST(page.total == 26);
    BOOST_TEST(page.items.size() == 10u);
    BOOST_TEST(page.items.front().userId == 1u);
    BOOST_TEST(page.items.front().credentials.size() == 1u);  // details come with the listing
    all.offset = 20;
    page = store->persons().list(all);
    BOOST_TEST(page.items.size() == 6u);
    BOOST_TEST(page.total == 26);

    auto search = [&](const std::string& text) {
        PersonQuery query;
        query.search = text;
        query.limit = 100;
        return store->persons().list(query);
    };
    BOOST_TEST(search("Worker 2").total == 7);        // 2, 20..25
    BOOST_TEST(search("EMP13").total == 1);            // code
    BOOST_TEST(ids(search("XYZ").items) == std::vector<std::uint32_t>{5}, boost::test_tools::per_element());
    BOOST_TEST(ids(search("C-5017").items) == std::vector<std::uint32_t>{17}, boost::test_tools::per_element());
    BOOST_TEST(ids(search("100").items) == std::vector<std::uint32_t>{100}, boost::test_tools::per_element());
    // LIKE's wildcards are literal characters in a search.
    BOOST_TEST(ids(search("%").items) == std::vector<std::uint32_t>{100}, boost::test_tools::per_element());
    BOOST_TEST(ids(search("W_rker").items).empty());
    BOOST_TEST(search("Worker").total == 25);
    BOOST_TEST(search("nobody").total == 0);

    PersonQuery filtered;
    filtered.accessGroup = "gate-a";
    filtered.department = "odd";
    filtered.limit = 100;
    page = store->persons().list(filtered);
    BOOST_TEST(ids(page.items) == (std::vector<std::uint32_t>{1, 3, 5, 7, 9}), boost::test_tools::per_element());
    BOOST_TEST(page.total == 5);
}

BOOST_AUTO_TEST_CASE(in_access_groups_returns_members_of_any_group_once) {
    Person a = makePerson(1, "a");
    a.accessGroups = {"x", "y"};
    Person b = makePerson(2, "b");
    b.accessGroups = {"y"};
    Person c = makePerson(3, "c");
    c.accessGroups = {"z"};
    Person d = makePerson(4, "d");
    for (const auto& p : {a, b, c, d}) store->persons().save(p);

    BOOST_TEST(ids(store->persons().inAccessGroups({"x", "y"})) == (std::vector<std::uint32_t>{1, 2}),
               boost::test_tools::per_element());
    BOOST_TEST(ids(store->persons().inAccessGroups({"z"})) == std::vector<std::uint32_t>{3},
               boost::test_tools::per_element());
    BOOST_TEST(store->persons().inAccessGroups({"nope"}).empty());
    BOOST_TEST(store->persons().inAccessGroups({}).size() == 4u);
}

BOOST_AUTO_TEST_CASE(remove_frees_the_card_and_versions_and_ids_keep_growing) {
    store->persons().save(makePerson(0, "one", "CARD"));
    const Person two = store->persons().save(makePerson(0, "two"));
    store->persons().save(two);  // version 2
    BOOST_TEST(store->persons().remove(2));
    BOOST_TEST(!store->persons().remove(2));
    BOOST_TEST(!store->persons().find(2).has_value());
    BOOST_TEST(store->persons().count() == 1);

    // A new automatic id skips the removed one (terminals may still hold it).
    BOOST_TEST(store->persons().save(makePerson(0, "three")).userId == 3u);
    // The same id saved again continues above the removal (2 saves + removal).
    BOOST_TEST(store->persons().save(makePerson(2, "two again")).version == 4);

    BOOST_TEST(store->persons().remove(1));
    BOOST_TEST(!store->persons().findByCredential("card", "CARD").has_value());
    BOOST_TEST(store->persons().save(makePerson(9, "new holder", "CARD")).credentials.size() == 1u);
}

BOOST_AUTO_TEST_CASE(the_largest_user_id_is_usable_and_then_no_automatic_id_is_left) {
    BOOST_TEST(store->persons().save(makePerson(4294967295u, "last")).userId == 4294967295u);
    BOOST_CHECK_THROW(store->persons().save(makePerson(0, "one too many")), StoreError);
}

BOOST_AUTO_TEST_SUITE_END()
