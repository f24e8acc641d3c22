#pragma once

#include <string_view>

namespace passway::httpv2 {

// What an UploadIdentifyRecord RecordType (the document's table, 1-49)
// means in canonical Record terms.
//   verifyType  face | card | fingerprint | password | qrcode | palmvein and
//               '+'-joined combinations in the document's order; "" when the
//               record names no method (expired, time group, ...)
//   result      pass | refused | event (33-35, 44: not a passage)
//   reason      a stable snake_case word for anything but a plain pass
//               (refusal reasons; notes on passes such as expiring_soon)
struct RecordMeaning {
    std::string_view verifyType;
    std::string_view result;
    std::string_view reason;
    std::string_view description;  // the document's words, in English
};

// Unknown types map to {"", "event", "record_type_unknown"}.
RecordMeaning recordMeaning(int recordType);

} // namespace passway::httpv2
