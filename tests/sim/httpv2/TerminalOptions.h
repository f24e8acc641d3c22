#pragma once

// What a simulated terminal is and how it behaves where the document leaves a
// choice (see PROTOCOL-NOTES.md, "Seed 002").

#include "sim/httpv2/WireOptions.h"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>

namespace passway::sim::httpv2 {

struct TerminalOptions {
    std::string sn = "FC-8190H24052799";
    std::string host = "127.0.0.1";
    std::uint16_t port = 80;
    bool tls = false;                                 // HTTPS (the document: TLS 1.2 and 1.3)
    std::string localAddress;                         // connect from this address ("" = any): identity tests
    std::string certificateFile, privateKeyFile;      // TLS client certificate presented (PEM; "" = none)
    std::chrono::milliseconds timeout{10000};        // per request
    int keepaliveSeconds = 15;                       // HTTPClient_KeepaliveTime in its work settings
    std::chrono::milliseconds keepaliveInterval{0};  // non-zero: overrides keepaliveSeconds (fast tests)
    WireOptions wire;

    int downloadLimit = 100;  // Limit of /People/DownloadPeopleList (max 1000)
    int deleteLimit = 50;     // Limit of /People/DeletePeopleList (document default 50)
    std::string downloadPeoplePath = "/People/DownloadPeopleList";
    std::string deletePeoplePath = "/People/DeletePeopleList";  // FC-8190H field fact: /People/SelectDeleteInfo
    std::string failListKey = "FailList";      // DownloadPeopleListResult; the example repeats "FailCount"
    std::string deleteListKey = "DeleteList";  // DeletePeopleListResult; the example writes "DeletList"

    bool keepaliveTrailingComma = false;     // the document's keepalive example ends with ",}"
    bool callFlowPriority = false;           // false: keepalive section's order (UploadWorkParameter >
                                             // Remote > SyncParameter > DeletePeople > AddPeople);
                                             // true: call-flow section's (Sync > Remote > Delete > Add)
    std::size_t maxPhotoBytes = 400 * 1024;  // larger photos fail with ErrorCode 3
    int maxLoops = 200;                      // pull iterations per session before giving up
    bool systemRecordsForCommands = true;    // remote door commands write system records
    std::uint64_t firstRecordId = 1;         // ClearRecord and Recover number records from here again
    std::int64_t clockOffsetSeconds = 0;     // its clock minus the real one (SystemTime in DownloadWorkSetting sets it)
    // Snapshoot uploads through /Device/RegisterIdentifyTicketResult (SN +
    // Photo, no ResultJson), as the RemoteCommand table says, instead of
    // /Device/UploadSnapshoot.
    bool snapshotThroughRegisterResult = false;
};

}  // namespace passway::sim::httpv2
