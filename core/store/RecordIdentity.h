#pragma once

#include "passway/model/Record.h"

#include <string>

namespace passway {

// The identity a record is stored under beside (device, deviceRecordId).
// Terminals number records again from 1 (after a clear, a factory reset, a
// format, a wrap-around), so the number alone cannot tell a retry from a new
// punch: a retry repeats the content, a new record does not. A plugin names
// the content its protocol carries (Record::identity); without one, the
// canonical fields that a retry repeats are used. Long identities are kept as
// their SHA-256 so the unique index stays small.
class RecordIdentity {
public:
    static constexpr std::size_t kMaxInline = 160;

    static std::string of(const Record& record);
};

} // namespace passway
