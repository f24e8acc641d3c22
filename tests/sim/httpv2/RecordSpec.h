#pragma once

// One identification record as a terminal keeps it (the RecordDetail table of
// /Record/UploadIdentifyRecord and /Device/RequestAuthorization).

#include <cstdint>
#include <string>

namespace passway::sim::httpv2 {

struct RecordSpec {
    std::uint64_t recordId = 0;   // 0: the terminal numbers it (RequestAuthorization: a ms stamp)
    int recordType = 3;           // 3: face verification
    std::int64_t recordDate = 0;  // unix seconds, terminal clock; 0: now
    std::string userId;           // empty: left out (unregistered person)
    std::string code;             // left out when empty (the example has none)
    std::string name;
    std::string identityCard;
    std::string job;
    std::string department;
    std::string cardNum = "0";
    std::string qrCode;
    int isEntry = 1;
    int bodyTemp = 0;   // tenths of a degree
    std::string photo;  // JPEG bytes; empty: no photo part, PhotoLen 0
};

// A face verification of a registered person at the seed's example time, as a
// terminal asks /Device/RequestAuthorization about it.
inline RecordSpec faceAttempt(const std::string& userId) {
    RecordSpec r;
    r.recordType = 3;
    r.recordDate = 1718616771;
    r.userId = userId;
    r.name = "user " + userId;
    r.isEntry = 1;
    return r;
}

}  // namespace passway::sim::httpv2
