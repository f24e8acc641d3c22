#pragma once

// Canonical commands (core/model/Command.h: kind + args JSON, queued through
// the admin API) and the HTTPv2 request that carries each. Most travel as
// members of the /Device/RemoteCommand answer; a few ride on a keepalive flag
// of their own. The README lists every kind with its arguments.
//
//   kind                      args                                   HTTPv2
//   open_door                 {door: 1..5} (1 open, 2 keep open,     Opendoor
//                             3 close, 4 lock, 5 unlock) or
//                             {mode: "open"|"keep_open"|...}
//   keep_door_open, close_door, lock_door, unlock_door   {}         Opendoor 2..5
//   restart                   {}                                     Restart 1
//   factory_reset             {}                                     Recover 1
//   close_alarm               {}                                     Closealarm 1
//   repost_records            {from?, to?} (not in the protocol:     RepostRecord 1
//                             the terminal reposts everything)
//   push_all_persons          {}                                     PushAllPeople 1
//   query_persons             {userIds: [..]}                        QueryPeople [..]
//   clear_records             {}                                     ClearRecord 1
//   register_identify_ticket  {userId, type: 1..5 | "card" |         RegisterIdentifyTicket
//                             "password" | "fingerprint" | "face" |
//                             "palmvein", index?}
//   snapshot                  {}                                     Snapshoot 1
//   elevator                  {ports: [..] | "1,2", action?:         OpenElevatorPort, ...
//                             "open"|"keep_open"|"close"|"lock"|"unlock"}
//   firmware                  {blob: sha256, version} or             PushSoftware
//                             {url, md5, version}
//   system_files              {files: [{type: 1|2|"standby"|"boot",  PushSystemFile
//                             index, blob | url+md5, delete?}]}
//   upload_settings           {}                                     keepalive UploadWorkParameter
//   sync_time                 {}                                     keepalive SyncParameter (SystemTime)
//   sync_parameters           {}                                     keepalive SyncParameter
//   clear_persons             {}                                     keepalive DeletePeople (DeleteAll 1)

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace passway::httpv2 {

enum class CommandChannel { Remote, UploadWorkParameter, SyncParameter, DeletePeople, Unsupported };

CommandChannel commandChannel(std::string_view kind);
const std::vector<std::string>& supportedCommandKinds();  // the RemoteCommand kinds
// Why a command of an unknown kind fails.
std::string unsupportedCommandMessage(std::string_view kind);

// A file the terminal downloads from the plugin (firmware, system files).
struct FileRef {
    std::string url;
    std::string md5;  // upper-case hex, as the document asks
};

class FileResolver {
public:
    virtual ~FileResolver() = default;
    // The URL and MD5 of a blob in the blob store; nullopt when there is none.
    virtual std::optional<FileRef> file(const std::string& sha256) = 0;
};

// The table defines RegisterIdentifyTicket as an object; the example sends it
// flat (plugin.httpv2.register_ticket_form).
enum class TicketForm { Object, Flat };

struct CommandMappingOptions {
    TicketForm ticketForm = TicketForm::Object;
};

struct MappedCommand {
    CommandChannel channel = CommandChannel::Unsupported;
    Poco::JSON::Object::Ptr fields;  // RemoteCommand members (Remote channel only)
    bool awaitsResult = false;       // finished by a later request of the terminal (snapshot, register ticket)
    std::uint32_t userId = 0;        // register_identify_ticket: whose credential
    std::string note;                // for the command's result
    std::string error;               // non-empty: the command cannot be sent and fails with this
};

MappedCommand mapCommand(std::string_view kind, const std::string& argsJson, FileResolver& files,
                         const CommandMappingOptions& options);

// True when `fields` sets a member `reply` already has: such a command waits
// for the next RemoteCommand round.
bool collides(const Poco::JSON::Object& reply, const Poco::JSON::Object& fields);

} // namespace passway::httpv2
