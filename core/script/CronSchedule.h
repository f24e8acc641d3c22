#pragma once

#include <bitset>
#include <chrono>
#include <ctime>
#include <string>

namespace passway {

// A five-field cron expression, "minute hour day-of-month month day-of-week",
// in the host's local time: numbers, `*`, lists `1,15`, ranges `1-5` and
// steps `*/10`, `0-30/5`. Day of week 0 or 7 is Sunday. As in cron, when
// both day fields are restricted a day matching either one counts.
class CronSchedule {
public:
    explicit CronSchedule(const std::string& expression);  // throws std::invalid_argument

    // The first matching minute strictly after `after` (unix seconds).
    std::time_t next(std::time_t after) const;
    std::chrono::milliseconds delayFromNow() const;

private:
    bool matches(const std::tm& local) const;

    std::bitset<60> minutes_;
    std::bitset<24> hours_;
    std::bitset<32> days_;
    std::bitset<13> months_;
    std::bitset<8> weekdays_;
    bool anyDay_ = true;
    bool anyWeekday_ = true;
};

} // namespace passway
