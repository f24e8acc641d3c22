#include <boost/test/unit_test.hpp>

#include "StoreFixture.h"

#include <set>
#include <thread>

using namespace passway;

BOOST_FIXTURE_TEST_SUITE(kv, test::StoreFixture)

BOOST_AUTO_TEST_CASE(get_set_remove) {
    auto& kv = store->kv();
    BOOST_TEST(!kv.get("a").has_value());
    kv.set("a", "1");
    BOOST_TEST(*kv.get("a") == "1");
    kv.set("a", "2");
    BOOST_TEST(*kv.get("a") == "2");
    kv.set("empty", "");
    BOOST_TEST(kv.get("empty").has_value());
    BOOST_TEST(kv.get("empty")->empty());
    const std::string binary("x\0y", 3);
    kv.set("binary", binary);
    BOOST_TEST(*kv.get("binary") == binary);
    BOOST_TEST(kv.remove("a"));
    BOOST_TEST(!kv.remove("a"));
    BOOST_TEST(!kv.get("a").has_value());
}

BOOST_AUTO_TEST_CASE(set_if_absent_keeps_the_first_value) {
    auto& kv = store->kv();
    BOOST_TEST(kv.setIfAbsent("secret", "first") == "first");
    BOOST_TEST(kv.setIfAbsent("secret", "second") == "first");
    BOOST_TEST(*kv.get("secret") == "first");
    reopen();
    BOOST_TEST(store->kv().setIfAbsent("secret", "third") == "first");
}

BOOST_AUTO_TEST_CASE(set_if_absent_is_atomic_across_threads) {
    std::vector<std::string> results(8);
    std::vector<std::thread> threads;
    for (int t = 0; t < 8; ++t) {
        threads.emplace_back([&, t] { results[t] = store->kv().setIfAbsent("race", "value-" + std::to_string(t)); });
    }
    for (auto& thread : threads) thread.join();
    const std::set<std::string> distinct(results.begin(), results.end());
    BOOST_TEST(distinct.size() == 1u);
    BOOST_TEST(*store->kv().get("race") == results[0]);
}

BOOST_AUTO_TEST_SUITE_END()
