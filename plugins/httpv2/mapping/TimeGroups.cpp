#include "mapping/TimeGroups.h"

#include "wire/JsonFields.h"

#include <cctype>
#include <string>

namespace passway::httpv2 {

namespace {

// "08:30" → 510; -1 when it is not a time.
int minutes(std::string_view text) {
    int h = 0, m = 0, i = 0;
    const int n = static_cast<int>(text.size());
    while (i < n && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
    int digits = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(text[i]))) h = h * 10 + (text[i++] - '0'), ++digits;
    if (digits == 0 || i >= n || text[i] != ':') return -1;
    ++i;
    digits = 0;
    while (i < n && std::isdigit(static_cast<unsigned char>(text[i]))) m = m * 10 + (text[i++] - '0'), ++digits;
    if (digits == 0 || h > 24 || m > 59) return -1;
    return std::min(h * 60 + m, 24 * 60);
}

} // namespace

LocalTime localTime(std::int64_t unixSeconds, int tzMinutes) {
    const std::int64_t local = unixSeconds + static_cast<std::int64_t>(tzMinutes) * 60;
    std::int64_t days = local / 86400;
    std::int64_t secondOfDay = local % 86400;
    if (secondOfDay < 0) {
        secondOfDay += 86400;
        --days;
    }
    // 1970-01-01 was a Thursday (weekday 4).
    const int weekday = static_cast<int>(((days % 7) + 7 + 3) % 7) + 1;
    return {weekday, static_cast<int>(secondOfDay / 60)};
}

bool inRanges(std::string_view ranges, int minuteOfDay) {
    std::size_t start = 0;
    while (start < ranges.size()) {
        std::size_t end = ranges.find_first_of(",;| ", start);
        if (end == std::string_view::npos) end = ranges.size();
        const std::string_view range = ranges.substr(start, end - start);
        start = end + 1;
        const std::size_t dash = range.find('-');
        if (dash == std::string_view::npos) continue;
        const int from = minutes(range.substr(0, dash));
        const int to = minutes(range.substr(dash + 1));
        if (from < 0 || to < 0) continue;
        if (from <= to ? (minuteOfDay >= from && minuteOfDay <= to) : (minuteOfDay >= from || minuteOfDay <= to)) {
            return true;
        }
    }
    return false;
}

std::optional<bool> inTimeGroup(const Poco::JSON::Array::Ptr& timeGroups, int group, const LocalTime& time) {
    if (!timeGroups) return std::nullopt;
    for (std::size_t i = 0; i < timeGroups->size(); ++i) {
        const auto item = timeGroups->getObject(static_cast<unsigned>(i));
        if (!item) continue;
        const JsonFields f(item);
        if (f.integer("Num").value_or(-1) != group) continue;
        return inRanges(f.text("Week" + std::to_string(time.weekday)).value_or(""), time.minuteOfDay);
    }
    return std::nullopt;
}

} // namespace passway::httpv2
