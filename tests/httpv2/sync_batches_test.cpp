#include <boost/test/unit_test.hpp>

#include "service/SyncBatches.h"

using namespace passway::httpv2;

BOOST_AUTO_TEST_SUITE(sync_batches)

BOOST_AUTO_TEST_CASE(a_batch_is_in_flight_until_its_result_or_its_timeout) {
    SyncBatches batches(std::chrono::seconds(60));
    batches.handOut(7, false, {{1, 3000}, {2, 5001}}, 1000);
    BOOST_TEST(batches.inFlight(7, false, 1, 2000));
    BOOST_TEST(!batches.inFlight(7, true, 1, 2000));   // removals apart
    BOOST_TEST(!batches.inFlight(8, false, 1, 2000));  // devices apart
    BOOST_TEST(!batches.inFlight(7, false, 1, 61001)); // timed out: handed out again
    BOOST_TEST(batches.inFlightCount(7, false, 2000) == 2u);

    auto taken = batches.take(7, false);
    BOOST_TEST(taken.size() == 2u);
    std::sort(taken.begin(), taken.end(), [](auto& a, auto& b) { return a.userId < b.userId; });
    BOOST_TEST(taken[1].version == 5001);  // the version it stood for when sent
    BOOST_TEST(!batches.inFlight(7, false, 1, 2000));
    BOOST_TEST(batches.take(7, false).empty());
}

BOOST_AUTO_TEST_CASE(a_late_result_still_confirms_what_timed_out) {
    SyncBatches batches(std::chrono::seconds(1));
    batches.handOut(1, true, {{9, 1}}, 0);
    BOOST_TEST(!batches.inFlight(1, true, 9, 5000));
    BOOST_TEST(batches.take(1, true).size() == 1u);
}

BOOST_AUTO_TEST_CASE(handing_out_again_takes_the_newer_version) {
    SyncBatches batches(std::chrono::seconds(1));
    batches.handOut(1, false, {{9, 1000}}, 0);
    batches.handOut(1, false, {{9, 2000}}, 5000);
    BOOST_TEST(batches.take(1, false).front().version == 2000);
}

BOOST_AUTO_TEST_CASE(delete_all_and_pruning) {
    SyncBatches batches(std::chrono::seconds(1));
    batches.handOutDeleteAll(3, 44);
    BOOST_TEST(*batches.takeDeleteAll(3) == 44);
    BOOST_TEST(!batches.takeDeleteAll(3));
    batches.handOut(1, false, {{9, 1000}}, 0);
    batches.prune(5000);
    BOOST_TEST(batches.take(1, false).size() == 1u);  // not long enough ago
    batches.handOut(1, false, {{9, 1000}}, 0);
    batches.prune(100000);
    BOOST_TEST(batches.take(1, false).empty());
}

BOOST_AUTO_TEST_SUITE_END()
