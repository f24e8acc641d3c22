#include <boost/test/unit_test.hpp>

// /api/v1/users: admin users, the last-admin rule, validation, no hashes out.

#include "AdminFixture.h"

using namespace passway;
using namespace passway::test;

BOOST_FIXTURE_TEST_SUITE(users, AdminFixture)

BOOST_AUTO_TEST_CASE(create_list_update_delete) {
    const auto created = admin("POST", "/api/v1/users", R"({"username":"olivia","password":"olivia-pass-1","role":"operator"})");
    BOOST_TEST(created.status == 201);
    const auto user = created.json();
    BOOST_TEST(user->getValue<std::string>("username") == "olivia");
    BOOST_TEST(user->getValue<std::string>("role") == "operator");
    BOOST_TEST(!user->getValue<bool>("disabled"));
    BOOST_TEST(!user->has("password"));
    BOOST_TEST(!user->has("passwordHash"));
    const std::string path = "/api/v1/users/" + std::to_string(user->getValue<std::int64_t>("id"));

    const auto list = admin("GET", "/api/v1/users");
    BOOST_TEST(list.json()->getValue<int>("total") == 2);
    BOOST_TEST(list.body.find("pbkdf2") == std::string::npos);

    BOOST_TEST(admin("PATCH", path, R"({"role":"viewer"})").json()->getValue<std::string>("role") == "viewer");
    BOOST_TEST(admin("PUT", path, R"({"disabled":true})").json()->getValue<bool>("disabled"));
    BOOST_TEST(admin("GET", path).json()->getValue<std::string>("role") == "viewer");
    BOOST_TEST(admin("DELETE", path).status == 204);
    BOOST_TEST(admin("GET", path).status == 404);
}

BOOST_AUTO_TEST_CASE(validation_and_duplicates) {
    BOOST_TEST(admin("POST", "/api/v1/users", R"({"username":"a","password":"short","role":"viewer"})").errorField() ==
               "password");
    BOOST_TEST(admin("POST", "/api/v1/users", R"({"username":"a","password":"long-enough","role":"root"})").errorField() ==
               "role");
    BOOST_TEST(admin("POST", "/api/v1/users", R"({"username":"a b","password":"long-enough","role":"viewer"})")
                   .errorField() == "username");
    BOOST_TEST(admin("POST", "/api/v1/users", R"({"password":"long-enough","role":"viewer"})").errorField() ==
               "username");
    BOOST_TEST(admin("POST", "/api/v1/users", R"({"username":"b","password":"long-enough","role":"viewer","passwordHash":"x"})")
                   .errorField() == "passwordHash");
    BOOST_TEST(admin("POST", "/api/v1/users", R"({"username":"admin","password":"long-enough","role":"viewer"})").status ==
               409);
    const auto id = store->users().findByName("admin")->id;
    BOOST_TEST(admin("PATCH", "/api/v1/users/" + std::to_string(id), R"({"username":"root"})").errorField() ==
               "username");
}

BOOST_AUTO_TEST_CASE(the_last_active_admin_stays) {
    const auto self = "/api/v1/users/" + std::to_string(store->users().findByName("admin")->id);
    const auto demote = admin("PATCH", self, R"({"role":"operator"})");
    BOOST_TEST(demote.status == 409);
    BOOST_TEST(demote.errorMessage().find("last active admin") != std::string::npos);
    BOOST_TEST(admin("PATCH", self, R"({"disabled":true})").status == 409);
    BOOST_TEST(admin("DELETE", self).status == 409);
    BOOST_TEST(store->users().findByName("admin")->role == "admin");

    // A disabled second admin does not count; an enabled one does.
    const auto second = admin("POST", "/api/v1/users", R"({"username":"ada","password":"ada-password","role":"admin","disabled":true})");
    BOOST_TEST(second.status == 201);
    BOOST_TEST(admin("DELETE", self).status == 409);
    const auto adaPath = "/api/v1/users/" + std::to_string(second.json()->getValue<std::int64_t>("id"));
    BOOST_TEST(admin("PATCH", adaPath, R"({"disabled":false})").status == 200);
    const std::string ada = login("ada", "ada-password");
    BOOST_TEST(call("DELETE", self, "", ada).status == 204);
    BOOST_TEST(call("DELETE", adaPath, "", ada).status == 409);  // now ada is the last one
}

BOOST_AUTO_TEST_CASE(user_changes_are_audited_without_passwords) {
    const auto created = admin("POST", "/api/v1/users", R"({"username":"kim","password":"kims-secret-pw","role":"viewer"})");
    const auto id = created.json()->getValue<std::int64_t>("id");
    BOOST_TEST(admin("PUT", "/api/v1/users/" + std::to_string(id), R"({"password":"kims-new-secret"})").status == 200);
    const auto entries = store->audit().list(AuditQuery{"admin", "", "user:" + std::to_string(id), 0, 10});
    BOOST_REQUIRE_EQUAL(entries.items.size(), 2u);
    for (const auto& e : entries.items) {
        BOOST_TEST(e.detail.find("kims-") == std::string::npos);
    }
    BOOST_TEST(entries.items[0].action == "user.update");
    BOOST_TEST(entries.items[0].detail.find("\"password\":\"***\"") != std::string::npos);
    BOOST_TEST(entries.items[1].action == "user.create");
}

BOOST_AUTO_TEST_SUITE_END()
