// The Prometheus text /metrics serves: counters, gauges, histograms.
#include "util/Metrics.h"

#include <boost/test/unit_test.hpp>

#include <string>

using namespace passway;

BOOST_AUTO_TEST_CASE(a_histogram_renders_cumulative_buckets_a_sum_and_a_count) {
    Metrics metrics;
    Histogram& h = metrics.histogram("x_seconds", "some durations", "listener=\"a\"", {0.1, 0.01, 1});
    for (double v : {0.005, 0.01, 0.05, 0.5, 7.0}) h.observe(v);
    // Asked again: the same histogram, whatever the bounds.
    BOOST_TEST(&metrics.histogram("x_seconds", "", "listener=\"a\"", {}) == &h);
    const std::string text = metrics.render();
    BOOST_TEST(text.find("# HELP x_seconds some durations\n# TYPE x_seconds histogram\n") != std::string::npos);
    // Bounds sorted; a value equal to a bound counts in that bound's bucket.
    BOOST_TEST(text.find("x_seconds_bucket{listener=\"a\",le=\"0.01\"} 2\n"
                         "x_seconds_bucket{listener=\"a\",le=\"0.1\"} 3\n"
                         "x_seconds_bucket{listener=\"a\",le=\"1\"} 4\n"
                         "x_seconds_bucket{listener=\"a\",le=\"+Inf\"} 5\n"
                         "x_seconds_sum{listener=\"a\"} 7.565\n"
                         "x_seconds_count{listener=\"a\"} 5\n") != std::string::npos,
               text);
}

BOOST_AUTO_TEST_CASE(large_gauges_render_every_digit) {
    Metrics metrics;
    metrics.gauge("records", "records stored", [] { return 12345678.0; });
    BOOST_TEST(metrics.render().find("records 12345678\n") != std::string::npos);
}
