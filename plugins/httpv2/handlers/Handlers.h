#pragma once

// One function per endpoint, grouped one file per endpoint group. Each reads
// its request through the Exchange, throws ProtocolError to refuse, and
// sends its answer (RequestRouter sends {"Success":1} when a handler sent
// nothing).

#include "http/Exchange.h"
#include "passway/Events.h"
#include "passway/HostError.h"

#include <string>

namespace passway::httpv2 {

void handleKeepalive(Exchange& ex);                 // KeepaliveHandler.cpp
void handleUploadWorkSetting(Exchange& ex);         // WorkSettingHandlers.cpp
void handleDownloadWorkSetting(Exchange& ex);
void handleRemoteCommand(Exchange& ex);             // RemoteCommandHandler.cpp
void handleRegisterIdentifyTicketResult(Exchange& ex);  // CommandResultHandlers.cpp
void handleUploadSnapshot(Exchange& ex);
void handleDownloadPeopleList(Exchange& ex);        // PeopleDownloadHandlers.cpp
void handleDownloadPeopleListResult(Exchange& ex);
void handleDeletePeopleList(Exchange& ex);          // PeopleDeleteHandlers.cpp
void handleDeletePeopleListResult(Exchange& ex);
void handlePushPeople(Exchange& ex);                // PushPeopleHandler.cpp
void handleRequestAuthorization(Exchange& ex);      // AuthorizationHandler.cpp
void handleUploadIdentifyRecord(Exchange& ex);      // RecordHandlers.cpp
void handleUploadSystemRecord(Exchange& ex);
void handleFile(Exchange& ex, const std::string& sha256);  // FileHandler.cpp

} // namespace passway::httpv2
