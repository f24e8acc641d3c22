#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace passway::httpv2 {

// Every path the plugin answers. Paths match case-insensitively, without
// their query, with duplicate and trailing slashes ignored. Aliases (see
// PROTOCOL-NOTES, Seed 002): the keepalive table names
// devicePass/selectPassInfo, devicePass/selectDeleteInfo and
// device/selectRestart; an FC-8190H calls /People/SelectDeleteInfo.
enum class Endpoint {
    Keepalive,                     // /Device/Keepalive
    UploadWorkSetting,             // /Device/UploadWorkSetting
    DownloadWorkSetting,           // /Device/DownloadWorkSetting
    RemoteCommand,                 // /Device/RemoteCommand, /Device/SelectRestart
    RegisterIdentifyTicketResult,  // /Device/RegisterIdentifyTicketResult
    UploadSnapshot,                // /Device/UploadSnapshoot (sic), /Device/UploadSnapshot
    RequestAuthorization,          // /Device/RequestAuthorization
    DownloadPeopleList,            // /People/DownloadPeopleList, /DevicePass/SelectPassInfo
    DownloadPeopleListResult,      // /People/DownloadPeopleListResult
    DeletePeopleList,              // /People/DeletePeopleList, /People/SelectDeleteInfo, /DevicePass/SelectDeleteInfo
    DeletePeopleListResult,        // /People/DeletePeopleListResult
    PushPeople,                    // /People/PushPeople
    UploadIdentifyRecord,          // /Record/UploadIdentifyRecord
    UploadSystemRecord,            // /Record/UploadSystemRecord
    File,                          // GET /Passway/File/<sha256>[.ext]: photos, firmware, system files
};

struct Route {
    Endpoint endpoint;
    std::string fileId;  // File: the sha256, lower case
};

// nullopt: no such endpoint.
std::optional<Route> findRoute(std::string_view uri);

// Lower case, no query or fragment, no duplicate or trailing slashes.
std::string normalizePath(std::string_view uri);

// The document's path of an endpoint, for logs.
const char* endpointPath(Endpoint endpoint);

// The path under which the plugin serves a blob: /Passway/File/<sha256>.<ext>.
std::string filePath(const std::string& sha256, std::string_view extension);

} // namespace passway::httpv2
