#pragma once

// The members of Person::extra (a JSON object) that HTTPv2 carries, with
// the PeopleJson field each maps to. Reading is case-insensitive, so the
// PeopleJson names themselves ("OpenTimes") work too.
//   attachment  string                        Attachment
//   openTimes   0..65535 (65535: no limit)    OpenTimes
//   keepOpen    0 | 1                         KeepOpen
//   holidays    "1,3,9" | "*" | [1, 3, 9]     Holidays
//   elevators   "1,2,3" | [1, 2, 3]           Elevators

namespace passway::httpv2::extra {

inline constexpr const char* kAttachment = "attachment";
inline constexpr const char* kOpenTimes = "openTimes";
inline constexpr const char* kKeepOpen = "keepOpen";
inline constexpr const char* kHolidays = "holidays";
inline constexpr const char* kElevators = "elevators";

inline constexpr int kUnlimitedOpenTimes = 65535;

} // namespace passway::httpv2::extra
