#include <boost/test/unit_test.hpp>

// CronSchedule: the five fields of passway.timer.cron, in local time (the
// test pins TZ to UTC so the expected instants are plain).

#include "script/CronSchedule.h"

#include <cstdlib>
#include <ctime>
#include <stdexcept>

using passway::CronSchedule;

namespace {

struct Utc {
    Utc() {
        setenv("TZ", "UTC", 1);
        tzset();
    }
};

constexpr std::time_t kWed20240501 = 1714521600;  // 2024-05-01 00:00 UTC, a Wednesday

}  // namespace

BOOST_TEST_GLOBAL_FIXTURE(Utc);

BOOST_AUTO_TEST_CASE(daily_at_a_time) {
    const CronSchedule daily("10 0 * * *");
    BOOST_TEST(daily.next(kWed20240501) == kWed20240501 + 600);
    BOOST_TEST(daily.next(kWed20240501 + 600) == kWed20240501 + 86400 + 600);
}

BOOST_AUTO_TEST_CASE(steps_ranges_and_lists) {
    BOOST_TEST(CronSchedule("*/15 * * * *").next(kWed20240501 + 60) == kWed20240501 + 900);
    BOOST_TEST(CronSchedule("0 8-10 * * *").next(kWed20240501 + 9 * 3600) == kWed20240501 + 10 * 3600);
    BOOST_TEST(CronSchedule("30 7,19 * * *").next(kWed20240501 + 8 * 3600) == kWed20240501 + 19 * 3600 + 1800);
}

BOOST_AUTO_TEST_CASE(weekdays_and_days_of_the_month) {
    // Next Monday (0 = 7 = Sunday): 2024-05-06.
    BOOST_TEST(CronSchedule("0 9 * * 1").next(kWed20240501) == kWed20240501 + 5 * 86400 + 9 * 3600);
    BOOST_TEST(CronSchedule("0 0 * * 7").next(kWed20240501) == kWed20240501 + 4 * 86400);
    // Both day fields restricted: either matches (the 3rd, or a Friday, whichever comes first).
    BOOST_TEST(CronSchedule("0 0 3 * 5").next(kWed20240501) == kWed20240501 + 2 * 86400);
}

BOOST_AUTO_TEST_CASE(bad_expressions_are_refused) {
    BOOST_CHECK_THROW(CronSchedule("* * * *"), std::invalid_argument);
    BOOST_CHECK_THROW(CronSchedule("60 * * * *"), std::invalid_argument);
    BOOST_CHECK_THROW(CronSchedule("*/0 * * * *"), std::invalid_argument);
    BOOST_CHECK_THROW(CronSchedule("a * * * *"), std::invalid_argument);
    BOOST_CHECK_THROW(CronSchedule("0 0 31 2 *").next(kWed20240501), std::invalid_argument);
}
