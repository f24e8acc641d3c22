#include "script/CronSchedule.h"

#include <sstream>
#include <stdexcept>
#include <vector>

namespace passway {

namespace {

int number(const std::string& text, const std::string& field) {
    if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) {
        throw std::invalid_argument("cron: bad " + field + " '" + text + "'");
    }
    return std::stoi(text);
}

// Sets the bits of one field; returns false when the field is `*`.
template <std::size_t N>
bool parseField(const std::string& text, int low, int high, std::bitset<N>& bits, const std::string& field) {
    bool star = false;
    std::stringstream parts(text);
    std::string part;
    while (std::getline(parts, part, ',')) {
        int step = 1;
        if (const auto slash = part.find('/'); slash != std::string::npos) {
            step = number(part.substr(slash + 1), field);
            if (step < 1) throw std::invalid_argument("cron: step of " + field + " must be at least 1");
            part = part.substr(0, slash);
        }
        int from = low, to = high;
        if (part == "*") {
            star = step == 1;
        } else if (const auto dash = part.find('-'); dash != std::string::npos) {
            from = number(part.substr(0, dash), field);
            to = number(part.substr(dash + 1), field);
        } else {
            from = number(part, field);
            to = text.find('/') != std::string::npos ? high : from;
        }
        if (from < low || to > high || from > to) throw std::invalid_argument("cron: " + field + " out of range");
        for (int v = from; v <= to; v += step) bits.set(static_cast<std::size_t>(v));
    }
    return !star;
}

} // namespace

CronSchedule::CronSchedule(const std::string& expression) {
    std::stringstream in(expression);
    std::vector<std::string> fields;
    for (std::string f; in >> f;) fields.push_back(f);
    if (fields.size() != 5) throw std::invalid_argument("cron: five fields expected (minute hour day month weekday)");
    parseField(fields[0], 0, 59, minutes_, "minute");
    parseField(fields[1], 0, 23, hours_, "hour");
    anyDay_ = !parseField(fields[2], 1, 31, days_, "day of month");
    parseField(fields[3], 1, 12, months_, "month");
    anyWeekday_ = !parseField(fields[4], 0, 7, weekdays_, "day of week");
    if (weekdays_.test(7)) weekdays_.set(0);
}

bool CronSchedule::matches(const std::tm& t) const {
    if (!minutes_.test(t.tm_min) || !hours_.test(t.tm_hour) || !months_.test(t.tm_mon + 1)) return false;
    const bool day = days_.test(t.tm_mday), weekday = weekdays_.test(t.tm_wday);
    if (anyDay_ && anyWeekday_) return true;
    if (anyDay_) return weekday;
    if (anyWeekday_) return day;
    return day || weekday;
}

std::time_t CronSchedule::next(std::time_t after) const {
    std::time_t t = after - after % 60 + 60;
    // At most a few years of minutes; an expression like "0 0 31 2 *" never matches.
    for (int i = 0; i < 60 * 24 * 366 * 5; ++i, t += 60) {
        std::tm local{};
        localtime_r(&t, &local);
        if (matches(local)) return t;
    }
    throw std::invalid_argument("cron: the expression never matches");
}

std::chrono::milliseconds CronSchedule::delayFromNow() const {
    using namespace std::chrono;
    const auto now = duration_cast<milliseconds>(system_clock::now().time_since_epoch());
    const std::time_t at = next(static_cast<std::time_t>(now.count() / 1000));
    return milliseconds(std::int64_t(at) * 1000) - now;
}

} // namespace passway
