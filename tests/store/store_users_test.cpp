#include <boost/test/unit_test.hpp>

#include "StoreFixture.h"

using namespace passway;

namespace {

AdminUser makeUser(const std::string& name, const std::string& role = "operator") {
    AdminUser user;
    user.username = name;
    user.role = role;
    user.passwordHash = "pbkdf2$sha256$1000$salt$hash-of-" + name;
    return user;
}

} // namespace

BOOST_FIXTURE_TEST_SUITE(users, test::StoreFixture)

BOOST_AUTO_TEST_CASE(create_find_list_update_remove) {
    BOOST_TEST(store->users().count() == 0);
    const AdminUser admin = store->users().create(makeUser("admin", "admin"));
    BOOST_TEST(admin.id > 0);
    BOOST_TEST(admin.createdAt > 0);
    BOOST_TEST(!admin.disabled);
    const AdminUser viewer = store->users().create(makeUser("viewer", "viewer"));

    BOOST_TEST(store->users().find(admin.id)->username == "admin");
    BOOST_TEST(store->users().findByName("viewer")->id == viewer.id);
    BOOST_TEST(store->users().findByName("viewer")->passwordHash == "pbkdf2$sha256$1000$salt$hash-of-viewer");
    BOOST_TEST(!store->users().findByName("nobody").has_value());
    BOOST_TEST(!store->users().findByName("ADMIN").has_value());  // names are exact
    const auto all = store->users().list();
    BOOST_REQUIRE_EQUAL(all.size(), 2u);
    BOOST_TEST(all[0].id == admin.id);
    BOOST_TEST(store->users().count() == 2);

    AdminUser changed = viewer;
    changed.role = "operator";
    changed.passwordHash = "new-hash";
    changed.disabled = true;
    changed.username = "renamed";  // not saved by update
    BOOST_TEST(store->users().update(changed));
    const auto found = store->users().find(viewer.id);
    BOOST_TEST(found->role == "operator");
    BOOST_TEST(found->passwordHash == "new-hash");
    BOOST_TEST(found->disabled);
    BOOST_TEST(found->username == "viewer");
    BOOST_TEST(found->updatedAt >= found->createdAt);

    BOOST_TEST(store->users().remove(viewer.id));
    BOOST_TEST(!store->users().remove(viewer.id));
    AdminUser missing = makeUser("ghost");
    missing.id = 999;
    BOOST_TEST(!store->users().update(missing));
    BOOST_TEST(store->users().count() == 1);
}

BOOST_AUTO_TEST_CASE(a_duplicate_username_is_a_conflict) {
    store->users().create(makeUser("alice"));
    try {
        store->users().create(makeUser("alice", "admin"));
        BOOST_FAIL("expected a conflict");
    } catch (const StoreError& e) {
        BOOST_TEST(e.conflict());
        BOOST_TEST(std::string(e.what()).find("alice") != std::string::npos);
    }
    BOOST_TEST(store->users().count() == 1);
    BOOST_TEST(store->users().findByName("alice")->role == "operator");
}

BOOST_AUTO_TEST_SUITE_END()
